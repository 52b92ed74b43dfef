import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookEvents } from "../../db/schema";
import { runHousekeeping } from "../../jobs/housekeeping";
import { createTestContext, type TestContext } from "../../testing/test-context";

const DAY = 86_400_000;

describe("pruning the webhook outbox", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const insert = async (state: typeof webhookEvents.$inferInsert.deliveryState, ageMs: number) => {
    const id = crypto.randomUUID();
    const createdAt = new Date(Date.now() - ageMs);
    await ctx.services.database.db.insert(webhookEvents).values({
      id,
      appId: ctx.appA.clientId,
      type: "CONNECTION_UPDATED",
      connectionId: crypto.randomUUID(),
      externalId: null,
      status: "READY",
      occurredAt: createdAt,
      createdAt,
      deliveryState: state,
    });
    await ctx.services.database.db.insert(webhookAttempts).values({
      id: crypto.randomUUID(),
      eventId: id,
      number: 1,
      startedAt: createdAt,
      url: "https://app-a.example/webhooks",
      statusCode: 200,
      latencyMs: 5,
    });
    return id;
  };

  it("deletes events older than the retention period (30 days) with their attempts, except those still being retried", async () => {
    const retention = ctx.config.webhooks.retentionMs;
    expect(retention).toBe(30 * DAY);
    const old = {
      delivered: await insert("DELIVERED", retention + 60_000),
      failed: await insert("FAILED", retention + 60_000),
      skipped: await insert("SKIPPED", retention + 60_000),
      waiting: await insert("WAITING", retention + 60_000),
    };
    const kept = {
      pending: await insert("PENDING", retention + 60_000),
      recent: await insert("DELIVERED", retention - 60_000),
    };
    const report = await runHousekeeping(ctx.services);
    expect(report.webhookEvents).toBe(4);
    const left = await ctx.services.database.db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(inArray(webhookEvents.id, [...Object.values(old), ...Object.values(kept)]));
    expect(left.map((r) => r.id).sort()).toEqual(Object.values(kept).sort());
    const attempts = await ctx.services.database.db
      .select({ eventId: webhookAttempts.eventId })
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.eventId, Object.values(old)));
    expect(attempts).toHaveLength(0);
  });
});
