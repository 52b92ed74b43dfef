import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { positions } from "../db/schema";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";

/**
 * A position an update no longer reports (sold out, transferred away) leaves the active positions when
 * the update ends READY; a failed update keeps the older data, that position included.
 */
describe.each(testBackends())("positions an update no longer reports, on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
  });
  afterAll(() => ctx.close());

  /** A READY broker connection of `username` plus a position no extraction writes, left by "run 0". */
  const withSoldOutPosition = async (username: string) => {
    const c = await connectDirectly(ctx, { entity: "sandbox_broker", username });
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const [held] = await ctx.services.database.db
      .select()
      .from(positions)
      .where(eq(positions.connectionId, c.connectionId));
    if (!held) throw new Error("the broker extraction wrote no position");
    await ctx.services.database.db.insert(positions).values({ ...held, id: "pos_sold_out", syncRun: 0 });
    return c;
  };
  const soldOut = async (connectionId: string) =>
    ctx.services.database.db
      .select({ id: positions.id })
      .from(positions)
      .where(and(eq(positions.connectionId, connectionId), eq(positions.id, "pos_sold_out")));
  const refresh = async (c: Awaited<ReturnType<typeof withSoldOutPosition>>) => {
    const res = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
      token: c.apiToken,
    });
    expect(res.status).toBe(202);
  };

  it("deletes it when the update ends READY, and keeps every position the update wrote", async () => {
    const c = await withSoldOutPosition("user_good");
    const before = await ctx.services.database.db
      .select()
      .from(positions)
      .where(eq(positions.connectionId, c.connectionId));
    await refresh(c);
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["UPDATING", "READY"]);
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    expect(await soldOut(c.connectionId)).toEqual([]);
    const after = await ctx.services.database.db
      .select()
      .from(positions)
      .where(eq(positions.connectionId, c.connectionId));
    expect(after.length).toBe(before.length - 1);
  });

  it("leaves another connection's positions alone, even the same user's at the same broker", async () => {
    const a = await connectDirectly(ctx, { entity: "sandbox_broker", username: "user_good" });
    const b = await connectDirectly(ctx, { entity: "sandbox_broker", username: "user_good" });
    for (const c of [a, b]) await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const positionsOf = (connectionId: string) =>
      ctx.services.database.db
        .select()
        .from(positions)
        .where(eq(positions.connectionId, connectionId))
        .orderBy(positions.id);
    const before = await positionsOf(b.connectionId);
    expect(before.length).toBeGreaterThanOrEqual(3);
    // A's update is a newer run of A than any run of B: only A's older rows are stale.
    await refresh(a);
    await waitForStatus(ctx, a.apiToken, a.connectionToken, ["UPDATING", "READY"]);
    const updated = await waitForStatus(ctx, a.apiToken, a.connectionToken, ["READY"]);
    expect(updated.lastSync).not.toBeNull();
    expect(await positionsOf(b.connectionId)).toEqual(before);
    expect((await positionsOf(a.connectionId)).length).toBe(before.length);
  });

  it("keeps it when the update fails (UPDATE_ERROR keeps the older data)", async () => {
    const c = await withSoldOutPosition("user_update_error");
    await refresh(c);
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["UPDATE_ERROR"]);
    expect(await soldOut(c.connectionId)).toEqual([{ id: "pos_sold_out" }]);
  });
});
