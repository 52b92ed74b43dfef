import type { Connection, FinishLinkResponse, LinkEntity } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDirectly, waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { connectThroughLink, openLink, queryOf, signIn, submitCredentials } from "./link.testing";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const redirectId = () => ctx.appA.redirects[0]?.id;
const status = async (apiToken: string, connectionToken: string) =>
  (await (
    await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken })
  ).json()) as Connection;
/** `refresh` of a connection that needs the user: 409 with the token to open Link with. */
const refreshNeedingUser = async (apiToken: string, connectionToken: string) => {
  const res = await ctx.request("POST", `/api/v1/commands/connections/${connectionToken}/refresh`, { token: apiToken });
  expect(res.status).toBe(409);
  return (await res.json()) as { updateToken?: string; restoreToken?: string };
};
const webhookTypes = async (connectionId: string) =>
  (
    await ctx.services.database.sql.query<{ type: string }>(
      "select type from webhook_events where connection_id = $1 order by created_at",
      [connectionId],
    )
  ).rows.map((r) => r.type);
const sessionProblem = async (body: Record<string, unknown>) => {
  const res = await ctx.request("POST", "/api/v1/link/sessions", { body });
  return { status: res.status, reason: ((await res.json()) as { reason?: string }).reason };
};

describe("an UPDATE flow (an entity asking for MFA on every update)", () => {
  it("signs the same user in again and updates the connection", async () => {
    const { apiToken, connectionToken, connectionId } = await connectThroughLink(ctx, {
      entity: "sandbox_bank",
      username: "user_otp",
    });
    const first = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const { updateToken } = await refreshNeedingUser(apiToken, connectionToken);
    expect(updateToken).toMatch(/^upd_/);

    const link = await openLink(ctx, { id: redirectId(), update_token: updateToken, state: "again" });
    expect(link).toMatchObject({ operation: "UPDATE", entity: { id: "sandbox_bank" }, fixedUsername: "user_otp" });
    const offered = (await (await link.call("GET", "entities")).json()) as LinkEntity[];
    expect(offered.map((e) => e.id)).toEqual(["sandbox_bank"]);
    const otherUser = await submitCredentials(link, "sandbox_bank", "user_good");
    expect([otherUser.status, ((await otherUser.json()) as { reason: string }).reason]).toEqual([
      400,
      "USERNAME_MISMATCH",
    ]);
    const otherEntity = await submitCredentials(link, "sandbox_broker", "user_otp");
    expect([otherEntity.status, ((await otherEntity.json()) as { reason: string }).reason]).toEqual([
      400,
      "ENTITY_MISMATCH",
    ]);

    expect((await signIn(link, "sandbox_bank", "user_otp")).status).toBe(200);
    const res = await link.call("POST", "session/finish");
    expect(res.status).toBe(200);
    const finish = (await res.json()) as FinishLinkResponse;
    expect(finish).not.toHaveProperty("publicToken");
    expect(queryOf(finish.redirectUrl)).toEqual({
      operation: "UPDATE",
      entity: "sandbox_bank",
      token: updateToken,
      state: "again",
    });
    expect(["UPDATING", "READY"]).toContain((await status(apiToken, connectionToken)).status);

    const updated = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    expect(updated.lastSync && first.lastSync && updated.lastSync >= first.lastSync).toBe(true);
    expect(updated).toMatchObject({ updateToken: null, twoFactorEnabled: true });
    expect(await webhookTypes(connectionId)).toContain("CONNECTION_UPDATED");
    expect(await sessionProblem({ id: redirectId(), update_token: updateToken })).toEqual({
      status: 404,
      reason: "UNKNOWN_TOKEN",
    });
  });

  it("never opens another app's connection", async () => {
    const b = await connectDirectly(ctx, {
      app: ctx.appB,
      entity: "sandbox_bank",
      username: "user_otp",
      twoFactor: true,
    });
    await waitForStatus(ctx, b.apiToken, b.connectionToken, ["READY"]);
    const { updateToken } = await refreshNeedingUser(b.apiToken, b.connectionToken);
    expect(await sessionProblem({ id: redirectId(), update_token: updateToken })).toEqual({
      status: 404,
      reason: "UNKNOWN_TOKEN",
    });
    const own = await openLink(ctx, { id: ctx.appB.redirects[0]?.id, update_token: updateToken });
    expect(own.operation).toBe("UPDATE");
  });
});

/** Start-flow for app A's first redirect; answers the start token and its payload as anyone reading the URL sees it. */
const startFlow = async (apiToken: string, body: Record<string, string>) => {
  const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
    token: apiToken,
    body: { id: redirectId(), product: "TRANSACTIONS", ...body },
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  return { token, payload: Buffer.from(token.split(".")[1] ?? "", "base64url").toString() };
};
/** Neither the token nor its random part (without the type prefix) may be readable in a start token. */
const expectNotCarried = (payload: string, userToken: string) => {
  expect(payload).toContain('"sub"');
  expect(payload).not.toContain(userToken);
  expect(payload).not.toContain(userToken.slice(userToken.indexOf("_") + 1));
};

describe("an update or restore started with start-flow", () => {
  it("references the update token in the start token, and Link updates that connection", async () => {
    const mine = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    const other = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_device", twoFactor: true });
    for (const c of [mine, other]) await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const { updateToken } = await refreshNeedingUser(mine.apiToken, mine.connectionToken);
    const otherToken = (await refreshNeedingUser(other.apiToken, other.connectionToken)).updateToken;
    if (!updateToken) throw new Error("refresh answered no updateToken");

    const { token, payload } = await startFlow(mine.apiToken, { updateToken, state: "by-flow" });
    expectNotCarried(payload, updateToken);
    const link = await openLink(ctx, { authToken: token });
    expect(link).toMatchObject({ operation: "UPDATE", entity: { id: "sandbox_bank" }, fixedUsername: "user_otp" });
    expect((await signIn(link, "sandbox_bank", "user_otp")).status).toBe(200);
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).toEqual({
      operation: "UPDATE",
      entity: "sandbox_bank",
      token: updateToken,
      state: "by-flow",
    });
    await waitForStatus(ctx, mine.apiToken, mine.connectionToken, ["READY"]);
    expect((await status(mine.apiToken, mine.connectionToken)).updateToken).toBeNull();
    expect((await status(other.apiToken, other.connectionToken)).updateToken).toBe(otherToken);
  });

  it("references the restore token in the start token, and Link signs that connection's user in", async () => {
    const { apiToken, connectionToken } = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };

    const { token, payload } = await startFlow(apiToken, { restoreToken });
    expectNotCarried(payload, restoreToken);
    const link = await openLink(ctx, { token });
    expect(link).toMatchObject({ operation: "UPDATE", entity: { id: "sandbox_bank" }, fixedUsername: "user_good" });
    expect((await signIn(link, "sandbox_bank", "user_good")).status).toBe(200);
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).toEqual({ operation: "UPDATE", entity: "sandbox_bank", token: restoreToken });
  });

  it("is refused at once for another app's update token, like an unknown one", async () => {
    const b = await connectDirectly(ctx, {
      app: ctx.appB,
      entity: "sandbox_bank",
      username: "user_otp",
      twoFactor: true,
    });
    await waitForStatus(ctx, b.apiToken, b.connectionToken, ["READY"]);
    const { updateToken } = await refreshNeedingUser(b.apiToken, b.connectionToken);
    const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token: await ctx.login(ctx.appA),
      body: { id: redirectId(), product: "TRANSACTIONS", updateToken },
    });
    expect([res.status, ((await res.json()) as { reason?: string }).reason]).toEqual([404, "UNKNOWN_TOKEN"]);
  });
});

describe("a RESTORE flow (the password changed at the entity)", () => {
  it("keeps the user that the entity's identity field names, whatever the field is called (a DNI bank)", async () => {
    const { apiToken, connectionToken } = await connectDirectly(ctx, {
      entity: "sandbox_bank_dni",
      username: "user_good",
    });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    const link = await openLink(ctx, { id: redirectId(), restore_token: restoreToken });
    expect(link.entity?.credentialFields.map((f) => f.name)).toEqual(["dni", "pin"]);
    expect(link).toMatchObject({ operation: "UPDATE", fixedUsername: "user_good" });
    const otherUser = await submitCredentials(link, "sandbox_bank_dni", "user_otp");
    expect([otherUser.status, ((await otherUser.json()) as { reason: string }).reason]).toEqual([
      400,
      "USERNAME_MISMATCH",
    ]);
    expect((await signIn(link, "sandbox_bank_dni", "user_good")).status).toBe(200);
  });

  it("signs in with the new password and brings the connection back to READY", async () => {
    const { apiToken, connectionToken, connectionId } = await connectThroughLink(ctx, {
      entity: "sandbox_bank",
      username: "user_good",
    });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    expect(await status(apiToken, connectionToken)).toMatchObject({
      status: "UPDATE_ERROR",
      restoreToken,
      hasCredentials: true,
    });
    expect((await refreshNeedingUser(apiToken, connectionToken)).restoreToken).toBe(restoreToken);

    const link = await openLink(ctx, { id: redirectId(), restore_token: restoreToken });
    // The user signs in again as the same user: entity and username are fixed.
    expect(link).toMatchObject({ operation: "UPDATE", entity: { id: "sandbox_bank" }, fixedUsername: "user_good" });
    expect((await signIn(link, "sandbox_bank", "user_good")).status).toBe(200);
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).toEqual({ operation: "UPDATE", entity: "sandbox_bank", token: restoreToken });

    const restored = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    expect(restored).toMatchObject({ restoreToken: null, errorDetails: null, hasCredentials: true });
    expect(await webhookTypes(connectionId)).toEqual(
      expect.arrayContaining(["RESTORE_TOKEN_GENERATED", "CONNECTION_UPDATED"]),
    );
    expect(await sessionProblem({ id: redirectId(), restore_token: restoreToken })).toEqual({
      status: 404,
      reason: "UNKNOWN_TOKEN",
    });
  });
});

describe("an UPDATE flow whose connection goes away while the user signs in again", () => {
  /** A READY connection needing the user, and a Link session of its update token signed in to the end. */
  const signedInUpdate = async () => {
    const connected = await connectThroughLink(ctx, { entity: "sandbox_bank", username: "user_otp" });
    await waitForStatus(ctx, connected.apiToken, connected.connectionToken, ["READY"]);
    const { updateToken } = await refreshNeedingUser(connected.apiToken, connected.connectionToken);
    const link = await openLink(ctx, { id: redirectId(), update_token: updateToken });
    expect(link.operation).toBe("UPDATE");
    expect((await signIn(link, "sandbox_bank", "user_otp")).status).toBe(200);
    return { ...connected, link };
  };
  const expectGone = async (res: Response) => {
    expect([res.status, res.headers.get("content-type")]).toEqual([410, "application/problem+json"]);
    expect(await res.json()).toMatchObject({ status: 410, reason: "CONNECTION_GONE" });
  };
  const rowOf = async (connectionId: string) =>
    (
      await ctx.services.database.sql.query<{ sync_run: number; status: string; revoked_at: Date | null }>(
        "select sync_run, status, revoked_at from connections where id = $1",
        [connectionId],
      )
    ).rows;

  it("answers 410 CONNECTION_GONE when the integrator deleted the connection meanwhile, and creates none", async () => {
    const { apiToken, connectionToken, connectionId, link } = await signedInUpdate();
    const deleted = await ctx.request("DELETE", `/api/v1/commands/connections/${connectionToken}`, { token: apiToken });
    expect(deleted.status).toBe(200);
    await expectGone(await link.call("POST", "session/finish"));
    expect(await rowOf(connectionId)).toEqual([]);
  });

  it("answers 410 CONNECTION_GONE when the connection was revoked meanwhile, and does not update it", async () => {
    const { apiToken, connectionId, link, finish } = await signedInUpdate();
    // A second exchange of the spent publicToken revokes what the first one issued.
    const again = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
      token: apiToken,
    });
    expect(again.status).toBe(404);
    const [before] = await rowOf(connectionId);
    expect(before?.revoked_at).toBeInstanceOf(Date);
    await expectGone(await link.call("POST", "session/finish"));
    // No new run was started on the revoked connection.
    expect(await rowOf(connectionId)).toEqual([before]);
  });
});
