import type { Connection } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../db/schema";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus, webhookTypesOf } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { runDailyUpdate } from "./daily-update";

describe.each(testBackends())("the daily update on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
  });
  afterAll(() => ctx.close());

  const connect = (username: string, entity = "sandbox_bank") => connectDirectly(ctx, { entity, username });
  const webhookTypes = (connectionId: string) => webhookTypesOf(ctx, connectionId);

  const runOf = async (id: string) =>
    (await ctx.services.database.db.select().from(connections).where(eq(connections.id, id)))[0]?.syncRun;

  it("starts a run of connections without a second factor only", async () => {
    const plain = await connect("user_good");
    const mfa = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    await waitForStatus(ctx, plain.apiToken, plain.connectionToken, ["READY"]);
    await waitForStatus(ctx, mfa.apiToken, mfa.connectionToken, ["READY"]);
    const [plainRun, mfaRun] = [await runOf(plain.connectionId), await runOf(mfa.connectionId)];
    expect((await runDailyUpdate(ctx.services)).started).toBeGreaterThanOrEqual(1);
    // Read at once, not after the update ran: a started run is a new run number, whatever it then does.
    expect(await runOf(plain.connectionId)).toBe((plainRun ?? 0) + 1);
    expect(await runOf(mfa.connectionId)).toBe(mfaRun);
    await waitForStatus(ctx, plain.apiToken, plain.connectionToken, ["READY"]);
    expect(await webhookTypes(plain.connectionId)).toContain("CONNECTION_UPDATED");
    expect(await webhookTypes(mfa.connectionId)).not.toContain("CONNECTION_UPDATED");
  });

  it("gives a two-factor connection an updateToken (UPDATE_TOKEN_GENERATED), the same while it lives", async () => {
    const mfa = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    const before = await waitForStatus(ctx, mfa.apiToken, mfa.connectionToken, ["READY"]);
    expect(before.updateToken).toBeNull();
    const run = await runOf(mfa.connectionId);
    expect((await runDailyUpdate(ctx.services)).updateTokens).toBeGreaterThanOrEqual(1);
    const status = async () =>
      (await (
        await ctx.request("GET", `/api/v1/queries/connections/${mfa.connectionToken}`, { token: mfa.apiToken })
      ).json()) as Connection;
    const { updateToken } = await status();
    expect(updateToken).toMatch(/^upd_/);
    expect(await runOf(mfa.connectionId)).toBe(run);
    expect((await webhookTypes(mfa.connectionId)).filter((t) => t === "UPDATE_TOKEN_GENERATED")).toHaveLength(1);

    // The next day's run keeps the token the app may already have sent to its user, and tells nobody again.
    expect((await runDailyUpdate(ctx.services)).updateTokens).toBe(0);
    expect((await status()).updateToken).toBe(updateToken);
    expect((await webhookTypes(mfa.connectionId)).filter((t) => t === "UPDATE_TOKEN_GENERATED")).toHaveLength(1);
    // A refresh answers the same token: it is the one Link opens the update with.
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${mfa.connectionToken}/refresh`, {
      token: mfa.apiToken,
    });
    expect([refresh.status, ((await refresh.json()) as { updateToken?: string }).updateToken]).toEqual([
      409,
      updateToken,
    ]);
  });

  it("skips a connection waiting for a restore, READY or UPDATE_ERROR, and still starts the others", async () => {
    const plain = await connect("user_good");
    const waiting = await connect("user_good");
    await waitForStatus(ctx, plain.apiToken, plain.connectionToken, ["READY"]);
    await waitForStatus(ctx, waiting.apiToken, waiting.connectionToken, ["READY"]);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${waiting.connectionToken}/reset-login`, {
      token: waiting.apiToken,
    });
    expect(reset.status).toBe(200);
    // Credentials kept and no second factor: only the pending restore holds it back.
    expect(await waitForStatus(ctx, waiting.apiToken, waiting.connectionToken, ["UPDATE_ERROR"])).toMatchObject({
      hasCredentials: true,
      twoFactorEnabled: false,
      restoreToken: expect.stringMatching(/^rst_/),
    });
    for (const status of ["UPDATE_ERROR", "READY"] as const) {
      await ctx.services.database.db
        .update(connections)
        .set({ status })
        .where(eq(connections.id, waiting.connectionId));
      const [plainRun, waitingRun] = [await runOf(plain.connectionId), await runOf(waiting.connectionId)];
      expect((await runDailyUpdate(ctx.services)).started).toBeGreaterThanOrEqual(1);
      expect(await runOf(plain.connectionId), status).toBe((plainRun ?? 0) + 1);
      expect(await runOf(waiting.connectionId), status).toBe(waitingRun);
      await waitForStatus(ctx, plain.apiToken, plain.connectionToken, ["READY"]);
    }
    expect(await webhookTypes(waiting.connectionId)).toEqual(["CONNECTION_READY", "RESTORE_TOKEN_GENERATED"]);
  });
});
