import type { WebhookPayload } from "@finlink/contracts";
import { lt } from "drizzle-orm";
import { webhookReceipts } from "../../db/schema";
import type { Services } from "../../services";

/** Receipts are kept this long: far past Finlink's last retry (~27 h), so every redelivery finds its id. */
export const KEEP_RECEIPTS_MS = 7 * 24 * 60 * 60_000;
/** Old receipts are pruned at most this often per process (on a receipt's way in: the BFF has no scheduler). */
export const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Records a webhook's id; true the first time, false when the id was received before (a redelivery, or a
 * duplicate Finlink sent). Durable before the 200: an id answered once is never applied twice.
 */
export async function recordReceipt(services: Pick<Services, "database" | "now">, event: WebhookPayload) {
  const inserted = await services.database.db
    .insert(webhookReceipts)
    .values({
      webhookId: event.webhookId,
      type: event.type,
      finlinkConnectionId: event.connectionId,
      receivedAt: services.now(),
    })
    .onConflictDoNothing({ target: webhookReceipts.webhookId })
    .returning({ webhookId: webhookReceipts.webhookId });
  return inserted.length > 0;
}

/** Deletes receipts older than KEEP_RECEIPTS_MS (one exactly that old stays); answers how many went. */
export async function pruneReceipts(services: Pick<Services, "database" | "now">): Promise<number> {
  const before = new Date(services.now().getTime() - KEEP_RECEIPTS_MS);
  const gone = await services.database.db
    .delete(webhookReceipts)
    .where(lt(webhookReceipts.receivedAt, before))
    .returning({ webhookId: webhookReceipts.webhookId });
  return gone.length;
}
