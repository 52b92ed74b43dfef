import { expect } from "vitest";
import type { TestContext } from "../../../testing/test-context";
import { type ConsoleRequestInit, consoleClient } from "../console.testing";
import { CONSOLE_API } from "./console-api-shared";

// biome-ignore lint/suspicious/noExplicitAny: an answer's shape is what each test's assertions check.
export type Json = any;

/**
 * A signed-in operator calling the console's JSON operations as a script would: the session cookie, the CSRF
 * token as X-CSRF-Token and the console's Origin on every write (each can be taken away through `init`).
 */
export async function consoleApi(ctx: TestContext) {
  const client = consoleClient(ctx);
  const op = await client.operator();
  const call = (method: string, path: string, json: unknown = {}, init: ConsoleRequestInit = {}) =>
    client.request(method, `${CONSOLE_API}${path}`, { cookie: op.cookie, csrf: op.csrf, json, ...init });
  /** Calls and checks the status; answers the parsed body. */
  const expectJson = async (res: Response | Promise<Response>, status: number): Promise<Json> => {
    const answer = await res;
    const text = await answer.text();
    expect(answer.status, text).toBe(status);
    return text ? JSON.parse(text) : {};
  };
  /** A refusal: the status, problem+json and its `reason`; answers the problem. */
  const expectProblem = async (res: Response | Promise<Response>, status: number, reason?: string) => {
    const answer = await res;
    const problem = await expectJson(answer, status);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    if (reason) expect(problem.reason).toBe(reason);
    return problem;
  };
  return { client, op, call, expectJson, expectProblem };
}
