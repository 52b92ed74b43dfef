import type { ExchangeResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, connections, linkSessions } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { openLink } from "../features/link/link.testing";
import { waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { HOUSEKEEPING_CRON, runHousekeeping, UNEXCHANGED_RETENTION_MS } from "./housekeeping";

let ctx: TestContext;
let offsetMs = 0;
let apiToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => new Date(Date.now() + offsetMs) });
  apiToken = await ctx.login(ctx.appA);
});
afterAll(() => ctx?.close());

/** A connection as Link's finish makes it: PENDING, with a publicToken nobody has exchanged yet. */
const linkFinished = (username: string) =>
  ctx.services.database.transaction((tx, sql) =>
    createConnection(ctx.services, tx, sql, {
      appId: ctx.appA.clientId,
      entityId: "sandbox_bank",
      externalId: "user-1",
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
    const abandoned = await linkFinished("user_good");
    const exchanged = await linkFinished("user_good");
    ctx.services.jobs.wake();
    const exchange = await ctx.request("POST", `/api/v1/commands/connections/exchange/${exchanged.publicToken}`, {
      token: apiToken,
      headers: { "Idempotency-Key": "exchange-1" },
    });
    const { connectionToken } = (await exchange.json()) as ExchangeResponse;
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    await expect.poll(() => accountCount(abandoned.connectionId), { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await rowOf(exchanged.connectionId))?.exchangeResponseEnc).toBeTruthy();

    // Within their time, everything stays.
    expect(await runHousekeeping(ctx.services)).toMatchObject({ exchangeAnswers: 0, unexchangedConnections: 0 });
    expect((await session.call("GET", "session")).status).toBe(200);

    offsetMs += UNEXCHANGED_RETENTION_MS + 60_000;
    const recent = await linkFinished("user_otp"); // created "now": a week younger than `abandoned`
    expect(await runHousekeeping(ctx.services)).toEqual({
      expiredSessions: expect.any(Number),
      exchangeAnswers: 1,
      unexchangedConnections: 1,
    });
    expect((await session.call("GET", "session")).status).toBe(401);
    const sessionsLeft = await ctx.services.database.db.select().from(linkSessions);
    expect(sessionsLeft.every((s) => s.expiresAt.getTime() > Date.now() + offsetMs)).toBe(true);

    expect(await rowOf(abandoned.connectionId)).toBeUndefined();
    expect(await accountCount(abandoned.connectionId)).toBe(0);
    const { rows } = await ctx.services.database.sql.query<{ type: string }>(
      "select type from webhook_events where connection_id = $1 and type = 'CONNECTION_DELETED'",
      [abandoned.connectionId],
    );
    expect(rows).toHaveLength(1);
    expect(await rowOf(recent.connectionId)).toBeDefined();

    // The exchanged connection keeps working; only its stored answer (an encrypted token) is gone.
    expect(await rowOf(exchanged.connectionId)).toMatchObject({ exchangeResponseEnc: null, exchangeKey: null });
    expect(await accountCount(exchanged.connectionId)).toBeGreaterThan(0);
    const status = await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken });
    expect(status.status).toBe(200);

    expect(await runHousekeeping(ctx.services)).toEqual({
      expiredSessions: 0,
      exchangeAnswers: 0,
      unexchangedConnections: 0,
    });
  });

  it("is scheduled hourly by the workers", async () => {
    const schedules = await ctx.services.boss.getSchedules();
    expect(schedules).toContainEqual(expect.objectContaining({ name: "housekeeping", cron: HOUSEKEEPING_CRON }));
  });
});
