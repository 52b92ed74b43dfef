import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { serializeError } from "./logger";

const SECRET = "hash_5e1f0c2d9b8a";

/** What PostgreSQL (and PGlite) throw: the value quoted in the message and the detail, the query attached. */
function databaseError() {
  return Object.assign(new Error(`invalid input syntax for type integer: "${SECRET}"`), {
    code: "22P02",
    detail: `Key (token_hash)=(${SECRET}) already exists.`,
    constraint: "connections_token_hash_unique",
    table: "connections",
    query: "select $1::int",
    params: [SECRET],
  });
}

describe("serializeError", () => {
  it("keeps no SQL parameter of a failed query: not its fields, message, stack, nor its cause's", () => {
    const error = new DrizzleQueryError("select $1::int", [SECRET, "enc:v1:credentials"], databaseError());
    const logged = serializeError(error);
    const line = JSON.stringify(logged);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain("enc:v1:credentials");
    expect(line).not.toContain("select $1");
    expect(logged).toMatchObject({
      type: "DrizzleQueryError",
      cause: {
        type: "Error",
        code: "22P02",
        constraint: "connections_token_hash_unique",
        table: "connections",
        message: 'invalid input syntax for type integer: "[redacted]"',
      },
    });
    expect(logged.stack).toMatch(/^DrizzleQueryError: Failed query \(SQL and parameters left out of logs\)\n\s+at /);
  });

  it("keeps an ordinary error's message, code and stack frames", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const logged = serializeError(error);
    expect(logged).toMatchObject({
      type: "Error",
      message: "connect ECONNREFUSED 127.0.0.1:5432",
      code: "ECONNREFUSED",
    });
    expect(logged.stack?.split("\n").length).toBeGreaterThan(1);
  });

  it("keeps no field it does not know, and says so for a thrown non-Error", () => {
    const error = Object.assign(new Error("boom"), { credentials: { password: SECRET }, queryOptions: SECRET });
    expect(JSON.stringify(serializeError(error))).not.toContain(SECRET);
    expect(serializeError(SECRET)).toEqual({ type: "string", message: "(a thrown value that is not an Error)" });
  });
});
