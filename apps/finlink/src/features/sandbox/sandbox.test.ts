import type { Connection } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";

let ctx: TestContext;
let apiToken: string;

beforeAll(async () => {
  ctx = await createTestContext();
  apiToken = await ctx.login(ctx.appA);
});
afterAll(() => ctx?.close());

const post = (path: string, body?: unknown, token = apiToken) =>
  ctx.request("POST", `/api/v1/sandbox/${path}`, { token, ...(body === undefined ? {} : { body }) });
const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  return (await res.json()) as { reason?: string; retryable?: boolean };
};
/** A sandbox connection, exchanged: its connectionToken. */
const connect = async (body: Record<string, unknown>) => {
  const res = await post("public-token", body);
  expect(res.status).toBe(200);
  const { publicToken } = (await res.json()) as { publicToken: string };
  const exchanged = await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, {
    token: apiToken,
  });
  return ((await exchanged.json()) as { connectionToken: string; connectionId: string }).connectionToken;
};
const webhookRow = async (id: string) =>
  (await ctx.services.database.sql.query("select type, status from webhook_events where id = $1", [id])).rows[0];

describe("POST /sandbox/public-token", () => {
  it("creates the connection Link would, answering the user's challenges itself", async () => {
    const connectionToken = await connect({ entity: "sandbox_bank", username: "user_good", externalId: "ext-1" });
    const ready = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    expect(ready).toMatchObject({
      entity: "sandbox_bank",
      externalId: "ext-1",
      twoFactorEnabled: false,
    } satisfies Partial<Connection>);
    for (const username of ["user_otp", "user_question", "user_device", "user_app"]) {
      const token = await connect({ entity: "sandbox_bank", username, redirectId: ctx.appA.redirects[0]?.id });
      expect((await waitForStatus(ctx, apiToken, token, ["READY"])).twoFactorEnabled).toBe(true);
    }
  });

  it("answers the sign-in's failure reason", async () => {
    const locked = await problem(await post("public-token", { entity: "sandbox_bank", username: "user_locked" }), 400);
    expect(locked).toMatchObject({ reason: "ACCOUNT_LOCKED", retryable: false });
    const wrong = { entity: "sandbox_bank", username: "user_good", password: "nope" };
    expect(await problem(await post("public-token", wrong), 400)).toMatchObject({ reason: "INVALID_CREDENTIALS" });
    const down = await problem(await post("public-token", { entity: "sandbox_bank_down", username: "user_good" }), 400);
    expect(down).toMatchObject({ reason: "ENTITY_UNAVAILABLE", retryable: true });
  });

  it("refuses unknown entities, other apps' redirects and malformed bodies", async () => {
    const unknown = await problem(await post("public-token", { entity: "no_bank", username: "user_good" }), 404);
    expect(unknown.reason).toBe("UNKNOWN_ENTITY");
    const foreign = { entity: "sandbox_bank", username: "user_good", redirectId: ctx.appB.redirects[0]?.id };
    expect((await problem(await post("public-token", foreign), 404)).reason).toBe("UNKNOWN_REDIRECT");
    expect((await problem(await post("public-token", { entity: "sandbox_bank" }), 400)).reason).toBe(
      "VALIDATION_ERROR",
    );
    await problem(await post("public-token", "{oops"), 400);
  });

  it("needs a token with the write scope", async () => {
    const body = { entity: "sandbox_bank", username: "user_good" };
    await problem(await ctx.request("POST", "/api/v1/sandbox/public-token", { body }), 401);
    await problem(await post("public-token", body, await ctx.login(ctx.appA, ["read"])), 403);
  });
});

describe("POST /sandbox/connections/{connectionToken}/fire-webhook", () => {
  it("queues an event of the asked type with the connection's current status", async () => {
    const connectionToken = await connect({ entity: "sandbox_bank", username: "user_good" });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const res = await post(`connections/${connectionToken}/fire-webhook`, { type: "CONNECTION_UPDATED" });
    expect(res.status).toBe(202);
    const { webhookId } = (await res.json()) as { webhookId: string };
    expect(await webhookRow(webhookId)).toEqual({ type: "CONNECTION_UPDATED", status: "READY" });
  });

  it("refuses unknown types and connections that are not the app's", async () => {
    const connectionToken = await connect({ entity: "sandbox_bank", username: "user_good" });
    await problem(await post(`connections/${connectionToken}/fire-webhook`, { type: "SOMETHING" }), 400);
    await problem(await post("connections/con_unknown/fire-webhook", { type: "CONNECTION_READY" }), 404);
    const appB = await ctx.login(ctx.appB);
    await problem(await post(`connections/${connectionToken}/fire-webhook`, { type: "CONNECTION_READY" }, appB), 404);
  });
});

describe("POST /sandbox/connections/{connectionToken}/reset-login", () => {
  it("asks for a restore (UPDATE_ERROR with data)", async () => {
    const connectionToken = await connect({ entity: "sandbox_bank", username: "user_good" });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const res = await post(`connections/${connectionToken}/reset-login`);
    expect(res.status).toBe(200);
    const { connectionId, restoreToken } = (await res.json()) as { connectionId: string; restoreToken: string };
    expect(restoreToken).toMatch(/^rst_/);
    const view = (await (
      await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken })
    ).json()) as Connection;
    expect(view).toMatchObject({
      connectionId,
      status: "UPDATE_ERROR",
      restoreToken,
      hasCredentials: true,
      errorDetails: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: false },
    });
    const { rows } = await ctx.services.database.sql.query<{ type: string; status: string }>(
      "select type, status from webhook_events where connection_id = $1 and type = 'RESTORE_TOKEN_GENERATED'",
      [connectionId],
    );
    expect(rows).toEqual([{ type: "RESTORE_TOKEN_GENERATED", status: "UPDATE_ERROR" }]);
  });

  it("leaves a connection without data ERRORED, and refuses other apps' connections", async () => {
    const connectionToken = await connect({ entity: "sandbox_bank", username: "user_extract_error" });
    await waitForStatus(ctx, apiToken, connectionToken, ["ERRORED"]);
    await problem(await post(`connections/${connectionToken}/reset-login`, undefined, await ctx.login(ctx.appB)), 404);
    expect((await post(`connections/${connectionToken}/reset-login`)).status).toBe(200);
    const view = (await (
      await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken })
    ).json()) as Connection;
    expect(view).toMatchObject({ status: "ERRORED", errorDetails: { reason: "INVALID_CREDENTIALS" } });
  });
});
