import type { ExchangeResponse } from "@finlink/contracts";
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, connections, linkSessions } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { deleteConnection } from "../features/connections/maintenance.service";
import { openLink } from "../features/link/link.testing";
import { waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { QUEUES } from "./boss";
import { HOUSEKEEPING_CRON } from "./cron";
import { runHousekeeping } from "./housekeeping";

let ctx: TestContext;
let offsetMs = 0;
let apiToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => new Date(Date.now() + offsetMs) });
  // The workers' hourly run would use this test's moved clock too: only the test runs housekeeping here.
  await ctx.services.boss.unschedule(QUEUES.housekeeping);
  apiToken = await ctx.login(ctx.appA);
});
afterAll(() => ctx?.close());

/** A connection as Link's finish makes it: PENDING, with a publicToken nobody has exchanged yet. */
const linkFinished = (username: string, externalId: string) =>
  ctx.services.database.transaction((tx, sql) =>
    createConnection(ctx.services, tx, sql, {
      appId: ctx.appA.clientId,
      entityId: "sandbox_bank",
      externalId,
      credentials: { username, password: "pass_good" },
      twoFactor: false,
    }),
  );
const rowOf = async (id: string) =>
  (await ctx.services.database.db.select().from(connections).where(eq(connections.id, id)))[0];
const accountCount = async (id: string) =>
  (await ctx.services.database.db.select().from(accounts).where(eq(accounts.connectionId, id))).length;

describe("housekeeping", () => {
  it("deletes expired sessions, old exchange answers and connections nobody exchanged, and nothing else", async () => {
    const session = await openLink(ctx);
    const abandoned = await linkFinished("user_good", "gone");
    const recovered = await linkFinished("user_good", "recovered");
    const exchanged = await linkFinished("user_good", "exchanged");
    ctx.services.jobs.wake();
    const exchange = await ctx.request("POST", `/api/v1/commands/connections/exchange/${exchanged.publicToken}`, {
      token: apiToken,
      headers: { "Idempotency-Key": "exchange-1" },
    });
    const { connectionToken } = (await exchange.json()) as ExchangeResponse;
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    await expect.poll(() => accountCount(abandoned.connectionId), { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await rowOf(exchanged.connectionId))?.exchangeResponseEnc).toBeTruthy();

    // A Link session opened from an address is counted for 10 minutes.
    await ctx.services.limits.linkSessionsPerAddress.take("203.0.113.9", Date.now() + offsetMs);

    // Within their time, everything stays.
    expect(await runHousekeeping(ctx.services)).toMatchObject({
      exchangeAnswers: 0,
      unexchangedConnections: 0,
      rateLimitCounts: 0,
    });
    expect((await session.call("GET", "session")).status).toBe(200);

    // A day on: past every publicToken's 30 minutes and every exchange answer's 24 hours.
    offsetMs += 24 * 3600_000 + 60_000;
    const recent = await linkFinished("user_otp", "recent"); // created "now": its publicToken is valid
    // As old, but its publicToken valid a minute more: its exchange may be on its way, so the connection
    // stays and the token keeps working.
    await ctx.services.database.db
      .update(connections)
      .set({ publicTokenExpiresAt: new Date(Date.now() + offsetMs + 60_000) })
      .where(eq(connections.id, recovered.connectionId));
    const recoveredToken = recovered.publicToken;
    const freshSession = await openLink(ctx); // opened "now": within its time, it must stay
    expect(await runHousekeeping(ctx.services)).toEqual({
      expiredSessions: 1,
      exchangeAnswers: 1,
      unexchangedConnections: 1,
      webhookEvents: 0,
      rateLimitCounts: 1,
    });
    expect((await session.call("GET", "session")).status).toBe(401);
    expect((await freshSession.call("GET", "session")).status).toBe(200);
    const sessionsLeft = await ctx.services.database.db.select().from(linkSessions);
    expect(sessionsLeft).toHaveLength(1);
    expect(sessionsLeft[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + offsetMs);

    expect(await rowOf(abandoned.connectionId)).toBeUndefined();
    expect(await accountCount(abandoned.connectionId)).toBe(0);
    const { rows } = await ctx.services.database.sql.query<{ type: string }>(
      "select type from webhook_events where connection_id = $1 and type = 'CONNECTION_DELETED'",
      [abandoned.connectionId],
    );
    expect(rows).toHaveLength(1);
    expect(await rowOf(recent.connectionId)).toBeDefined();
    const exchangeRecovered = await ctx.request("POST", `/api/v1/commands/connections/exchange/${recoveredToken}`, {
      token: apiToken,
    });
    expect(exchangeRecovered.status).toBe(200);
    expect(recovered.connectionId).toBe(((await exchangeRecovered.json()) as ExchangeResponse).connectionId);

    // The exchanged connection keeps working; only its stored answer (an encrypted token) is gone.
    expect(await rowOf(exchanged.connectionId)).toMatchObject({ exchangeResponseEnc: null, exchangeKey: null });
    expect(await accountCount(exchanged.connectionId)).toBeGreaterThan(0);
    const status = await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken });
    expect(status.status).toBe(200);

    // An exchange that lands between the select and the delete wins: the row is re-checked under its lock.
    const exchangedRow = await rowOf(exchanged.connectionId);
    if (!exchangedRow) throw new Error("the exchanged connection is missing");
    expect(await deleteConnection(ctx.services, exchangedRow, isNull(connections.exchangedAt))).toBe(false);
    expect(await rowOf(exchanged.connectionId)).toBeDefined();

    expect(await runHousekeeping(ctx.services)).toEqual({
      expiredSessions: 0,
      exchangeAnswers: 0,
      unexchangedConnections: 0,
      webhookEvents: 0,
      rateLimitCounts: 0,
    });
  });

  it("is scheduled hourly by the workers", async () => {
    const fresh = await createTestContext();
    try {
      const schedules = await fresh.services.boss.getSchedules();
      expect(schedules).toContainEqual(expect.objectContaining({ name: "housekeeping", cron: HOUSEKEEPING_CRON }));
    } finally {
      await fresh.close();
    }
  });
});
