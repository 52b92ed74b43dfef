import type { WebhookPayload } from "@finlink/contracts";
import { createWebhookVerifier } from "@finlink/node";
import { createTestWebhookSigner, type TestWebhookSigner } from "@finlink/node/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookReceipts } from "../../db/schema";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { deliver, webhookEvent } from "../../testing/webhooks";
import { KEEP_RECEIPTS_MS, PRUNE_EVERY_MS } from "./receipts.service";

/** Receipts and key failures with the test signer: the BFF's clock moves by days, which Finlink's signing cannot follow. */
describe("webhook receipts over time, and keys that cannot be fetched", () => {
  let ctx: BffTestContext;
  let signer: TestWebhookSigner;
  let unreachable: TestWebhookSigner;
  let clock = Date.now();
  beforeAll(async () => {
    signer = await createTestWebhookSigner();
    unreachable = await createTestWebhookSigner();
    const now = () => new Date(clock);
    const webhookVerifier = createWebhookVerifier({
      // `unreachable`'s key is "on a Finlink that does not answer": the fetch throws.
      jwksFetcher: (kid) =>
        kid === unreachable.kid ? Promise.reject(new Error("connect ECONNREFUSED")) : signer.fetcher(kid),
      now,
    });
    ctx = await createBffTestContext({ now, webhookVerifier });
  });
  afterAll(() => ctx?.close());

  const signed = (by: TestWebhookSigner, event: WebhookPayload) => by.sign(event, { iat: Math.floor(clock / 1000) });
  const ids = async () =>
    (await ctx.services.database.db.select({ id: webhookReceipts.webhookId }).from(webhookReceipts))
      .map((r) => r.id)
      .sort();
  const receiptAged = async (ageMs: number) => {
    const webhookId = crypto.randomUUID();
    await ctx.services.database.db.insert(webhookReceipts).values({
      webhookId,
      type: "CONNECTION_UPDATED",
      finlinkConnectionId: crypto.randomUUID(),
      receivedAt: new Date(clock - ageMs),
    });
    return webhookId;
  };
  const deliverOne = async () => {
    const event = webhookEvent(crypto.randomUUID(), "CONNECTION_UPDATED");
    const res = await deliver(ctx, await signed(signer, event));
    expect(res.status).toBe(200);
    await ctx.services.webhooks.idle();
    return event.webhookId;
  };

  it("answers 503 with Retry-After when the key cannot be fetched (Finlink delivers again), and records nothing", async () => {
    const before = await ids();
    const res = await deliver(ctx, await signed(unreachable, webhookEvent(crypto.randomUUID(), "CONNECTION_READY")));
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("10");
    expect(((await res.json()) as { reason: string }).reason).toBe("KEY_FETCH_FAILED");
    expect(await ids()).toEqual(before);
  });

  it("prunes receipts older than 7 days (one exactly 7 days old stays), at most once an hour", async () => {
    expect([KEEP_RECEIPTS_MS, PRUNE_EVERY_MS]).toEqual([7 * 86_400_000, 3_600_000]);
    // The 503 above did not prune (nothing was received): the first receipt of the process does.
    await receiptAged(KEEP_RECEIPTS_MS + 1);
    const edge = await receiptAged(KEEP_RECEIPTS_MS);
    const recent = await receiptAged(KEEP_RECEIPTS_MS - 86_400_000);
    const first = await deliverOne();
    expect(await ids()).toEqual([edge, recent, first].sort());

    // Within the hour: an old receipt waits for the next prune.
    clock += PRUNE_EVERY_MS - 1;
    const waiting = await receiptAged(KEEP_RECEIPTS_MS + 1);
    const second = await deliverOne();
    expect(await ids()).toEqual([edge, recent, first, waiting, second].sort());

    // An hour after the last prune: it runs again, and `edge` (now older than 7 days) goes too.
    clock += 1;
    const third = await deliverOne();
    expect(await ids()).toEqual([recent, first, second, third].sort());
  });
});
