import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-errors";

const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1"), { cause });

describe("telling an unreachable database from a failing statement", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    [
      "an administrator shutdown",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ],
    ["a server starting up", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["a connection failure", Object.assign(new Error("x"), { code: "08006" })],
    ["a dropped connection", new Error("Connection terminated unexpectedly")],
    ["any of them wrapped by drizzle", wrapped(wrapped(Object.assign(new Error("x"), { code: "ECONNRESET" })))],
  ])("%s is unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a syntax error", Object.assign(new Error("syntax error"), { code: "42601" })],
    ["a deadlock", Object.assign(new Error("deadlock detected"), { code: "40P01" })],
    ["57P04 (not one of the three)", Object.assign(new Error("x"), { code: "57P04" })],
    ["a plain error", new Error("boom")],
    ["not an error", "Connection terminated"],
    ["nothing", undefined],
  ])("%s is not", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
