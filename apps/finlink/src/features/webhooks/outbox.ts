import type { WebhookType } from "@finlink/contracts";
import type { Db } from "../../db/database";
import { webhookEvents } from "../../db/schema";

/**
 * Records a webhook event in the outbox. Call it with the transaction that makes the state change it
 * reports, so the event exists exactly when the change does.
 */
export async function recordWebhook(
  tx: Db,
  event: {
    appId: string;
    type: WebhookType;
    connectionId: string;
    externalId: string | null;
    status: string;
    at: Date;
  },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.insert(webhookEvents).values({
    id,
    appId: event.appId,
    type: event.type,
    connectionId: event.connectionId,
    externalId: event.externalId,
    status: event.status,
    occurredAt: event.at,
  });
  return id;
}
