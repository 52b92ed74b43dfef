import type { Connection } from "@finlink/contracts";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, webhookEvents } from "../../db/schema";
import { runExtraction } from "../../jobs/extract";
import { testBackends } from "../../testing/backends";
import { connectDirectly } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { startExtraction } from "./maintenance.service";

// Literal 7 days, not the constant: a shorter lifetime in the code must fail here.
const WEEK_MS = 7 * 24 * 3600_000;

describe.each(testBackends())("update and restore tokens expire (%s)", (_name, backend) => {
  let ctx: TestContext;
  let clock = new Date();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => clock });
  });
  afterAll(() => ctx.close());

  const rowOf = async (id: string) =>
    (await ctx.services.database.db.select().from(connections).where(eq(connections.id, id)))[0];
  /** A READY connection (its first extraction done) of a user that needs the user on updates or not. */
  const readyConnection = async (twoFactor: boolean) => {
    const externalId = `tokens-${crypto.randomUUID()}`;
    const username = twoFactor ? "user_otp" : "user_good";
    const c = await connectDirectly(ctx, { entity: "sandbox_bank", username, twoFactor, externalId });
    await ctx.services.database.db
      .update(connections)
      .set({ status: "READY" })
      .where(eq(connections.id, c.connectionId));
    return { ...c, externalId };
  };
  const refreshAsking = async (
    c: { apiToken: string; connectionToken: string },
    kind: "updateToken" | "restoreToken",
  ) => {
    const res = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
      token: c.apiToken,
    });
    expect(res.status).toBe(409);
    const token = ((await res.json()) as Record<string, string | undefined>)[kind];
    if (!token) throw new Error(`refresh answered no ${kind}`);
    return token;
  };
  /** The token as the status and the list show it. */
  const shown = async (
    c: { apiToken: string; connectionToken: string; externalId: string },
    kind: "updateToken" | "restoreToken",
  ) => {
    const status = (await (
      await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}`, { token: c.apiToken })
    ).json()) as Connection;
    const list = (await (
      await ctx.request("GET", `/api/v1/queries/connections?externalId=${c.externalId}`, { token: c.apiToken })
    ).json()) as Connection[];
    expect(list).toHaveLength(1);
    expect(list[0]?.[kind]).toBe(status[kind]);
    return status[kind];
  };
  const webhooks = async (connectionId: string, type: string) => {
    const [row] = await ctx.services.database.db
      .select({ n: count() })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.connectionId, connectionId), eq(webhookEvents.type, type)));
    return row?.n ?? 0;
  };

  it("a refresh's updateToken lives 7 days: shown and answered again until 6d23:59:59, a fresh one from 7d", async () => {
    const issuedAt = new Date();
    clock = issuedAt;
    const c = await readyConnection(true);
    try {
      const first = await refreshAsking(c, "updateToken");
      expect((await rowOf(c.connectionId))?.updateTokenExpiresAt?.getTime()).toBe(issuedAt.getTime() + WEEK_MS);
      expect(await webhooks(c.connectionId, "UPDATE_TOKEN_GENERATED")).toBe(1);

      clock = new Date(issuedAt.getTime() + WEEK_MS - 1_000);
      expect(await shown(c, "updateToken")).toBe(first);
      // The same token again: a Link already opened with it keeps working.
      expect(await refreshAsking(c, "updateToken")).toBe(first);
      expect(await webhooks(c.connectionId, "UPDATE_TOKEN_GENERATED")).toBe(1);

      clock = new Date(issuedAt.getTime() + WEEK_MS);
      expect(await shown(c, "updateToken")).toBeNull();
      const fresh = await refreshAsking(c, "updateToken");
      expect(fresh).toMatch(/^upd_/);
      expect(fresh).not.toBe(first);
      expect(await webhooks(c.connectionId, "UPDATE_TOKEN_GENERATED")).toBe(2);
      expect(await shown(c, "updateToken")).toBe(fresh);
      expect((await rowOf(c.connectionId))?.updateTokenExpiresAt?.getTime()).toBe(clock.getTime() + WEEK_MS);
    } finally {
      clock = new Date();
    }
  });

  it("a reset login's restoreToken lives 7 days: answered by refresh until 6d23:59:59, a fresh one from 7d", async () => {
    const issuedAt = new Date();
    clock = issuedAt;
    const c = await readyConnection(false);
    try {
      const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${c.connectionToken}/reset-login`, {
        token: c.apiToken,
      });
      expect(reset.status).toBe(200);
      const { restoreToken: first } = (await reset.json()) as { restoreToken: string };
      expect((await rowOf(c.connectionId))?.restoreTokenExpiresAt?.getTime()).toBe(issuedAt.getTime() + WEEK_MS);

      clock = new Date(issuedAt.getTime() + WEEK_MS - 1_000);
      expect(await shown(c, "restoreToken")).toBe(first);
      expect(await refreshAsking(c, "restoreToken")).toBe(first);
      expect(await webhooks(c.connectionId, "RESTORE_TOKEN_GENERATED")).toBe(1);

      clock = new Date(issuedAt.getTime() + WEEK_MS);
      expect(await shown(c, "restoreToken")).toBeNull();
      const fresh = await refreshAsking(c, "restoreToken");
      expect(fresh).toMatch(/^rst_/);
      expect(fresh).not.toBe(first);
      expect(await webhooks(c.connectionId, "RESTORE_TOKEN_GENERATED")).toBe(2);
      expect(await shown(c, "restoreToken")).toBe(fresh);
    } finally {
      clock = new Date();
    }
  });

  it("shows a token issued before tokens expired (no expiry stored), as Link accepts it", async () => {
    const c = await readyConnection(true);
    const token = await refreshAsking(c, "updateToken");
    await ctx.services.database.db
      .update(connections)
      .set({ updateTokenExpiresAt: null })
      .where(eq(connections.id, c.connectionId));
    clock = new Date(Date.now() + 10 * WEEK_MS);
    try {
      expect(await shown(c, "updateToken")).toBe(token);
    } finally {
      clock = new Date();
    }
  });

  it("an update that ends READY clears the updateToken with its expiry", async () => {
    const c = await readyConnection(true);
    await refreshAsking(c, "updateToken");
    expect(await startExtraction(ctx.services, c.connectionId, "UPDATING")).toBe(true);
    const run = (await rowOf(c.connectionId))?.syncRun ?? 0;
    await runExtraction(
      ctx.services,
      { connectionId: c.connectionId, run },
      {
        signal: new AbortController().signal,
        finalAttempt: true,
      },
    );
    expect(await rowOf(c.connectionId)).toMatchObject({
      status: "READY",
      updateTokenHash: null,
      updateTokenEnc: null,
      updateTokenExpiresAt: null,
    });
  });
});
