import type { WebhookType } from "@finlink/contracts";
import type { Db, Sql } from "../../db/database";
import { webhookEvents } from "../../db/schema";
import type { Jobs } from "../../jobs/jobs";

export interface WebhookEventInput {
  appId: string;
  type: WebhookType;
  connectionId: string;
  externalId: string | null;
  status: string;
  at: Date;
}

/**
 * Records a webhook event in the outbox and queues its first delivery attempt. Call it inside the
 * transaction that makes the state change it reports (`tx` and `sql` of `database.transaction`), so the
 * event and its job exist exactly when the change does; call `jobs.wake()` after the commit.
 */
export async function recordWebhook(jobs: Jobs, tx: Db, sql: Sql, event: WebhookEventInput): Promise<string> {
  const id = crypto.randomUUID();
  await tx.insert(webhookEvents).values({
    id,
    appId: event.appId,
    type: event.type,
    connectionId: event.connectionId,
    externalId: event.externalId,
    status: event.status,
    occurredAt: event.at,
    nextAttemptAt: event.at,
  });
  await jobs.sendWebhook(sql, { eventId: id });
  return id;
}
