import { and, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { connections, webhookEvents } from "../db/schema";
import { IDEMPOTENCY_WINDOW_MS } from "../features/connections/exchange.service";
import { deleteConnection } from "../features/connections/maintenance.service";
import { purgeExpiredSessions } from "../features/link/link-session";
import { pruneRateLimits } from "../lib/rate-limit";
import type { Services } from "../services";
import { QUEUES } from "./boss";

export interface HousekeepingReport {
  /** Link sessions past their expiry (an abandoned sign-in may hold encrypted credentials). */
  expiredSessions: number;
  /** Exchange answers (an encrypted connectionToken) kept for idempotent retries, past their 24 hours. */
  exchangeAnswers: number;
  /** Connections never exchanged whose publicToken expired: deleted with their data and credentials. */
  unexchangedConnections: number;
  /** Webhook events past the retention period (delivered, failed, skipped or held), with their attempts. */
  webhookEvents: number;
  /** Guessing limits' counts whose window ended (each take sweeps its own key; this sweeps keys never seen again). */
  rateLimitCounts: number;
}

/** Deletes what must not outlive its purpose. Safe to run at any time, in any number of processes. */
export async function runHousekeeping(services: Services): Promise<HousekeepingReport> {
  const { db } = services.database;
  const now = services.now().getTime();
  const expiredSessions = await purgeExpiredSessions(db, new Date(now));
  const answers = await db
    .update(connections)
    .set({ exchangeKey: null, exchangeResponseEnc: null })
    .where(
      and(
        isNotNull(connections.exchangeResponseEnc),
        lt(connections.exchangedAt, new Date(now - IDEMPOTENCY_WINDOW_MS)),
      ),
    )
    .returning({ id: connections.id });
  // Never exchanged and its publicToken expired: nobody can exchange it any more (`pending` lists only valid
  // tokens and never issues new ones), so its credentials and data have no owner. Checked again under the
  // row lock when deleting: an exchange may land in between.
  const abandoned = and(
    isNull(connections.exchangedAt),
    isNull(connections.revokedAt),
    or(isNull(connections.publicTokenExpiresAt), lt(connections.publicTokenExpiresAt, new Date(now))),
  );
  let unexchangedConnections = 0;
  for (const row of await db.select().from(connections).where(abandoned)) {
    if (await deleteConnection(services, row, abandoned)) unexchangedConnections++;
  }
  // Events still in their retry schedule stay (at most ~33 h old); every other one goes after the
  // retention period, so the outbox never grows without bound. Their attempts go with them (cascade).
  const prunedEvents = await db
    .delete(webhookEvents)
    .where(
      and(
        lt(webhookEvents.createdAt, new Date(now - services.config.webhooks.retentionMs)),
        inArray(webhookEvents.deliveryState, ["DELIVERED", "FAILED", "SKIPPED", "WAITING"]),
      ),
    )
    .returning({ id: webhookEvents.id });
  return {
    expiredSessions,
    exchangeAnswers: answers.length,
    unexchangedConnections,
    webhookEvents: prunedEvents.length,
    rateLimitCounts: await pruneRateLimits(services.database, now),
  };
}

export async function startHousekeeping(services: Services, options: { pollingIntervalSeconds: number }) {
  const { boss, logger, config } = services;
  await boss.schedule(QUEUES.housekeeping, config.queues.housekeepingCron, {}, { tz: "UTC" });
  await boss.work(QUEUES.housekeeping, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async () => {
    logger.info(await runHousekeeping(services), "housekeeping");
  });
}
