import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { connections } from "../db/schema";
import { startExtraction } from "../features/connections/maintenance.service";
import type { Services } from "../services";
import { QUEUES } from "./boss";

/** 03:00 UTC every day. */
export const DAILY_UPDATE_CRON = "0 3 * * *";

/**
 * Starts an update of every exchanged connection that can run unattended: no second factor, stored
 * credentials, not waiting for a restore, and not already running. Returns how many started.
 */
export async function runDailyUpdate(services: Services): Promise<number> {
  const due = await services.database.db
    .select({ id: connections.id })
    .from(connections)
    .where(
      and(
        isNotNull(connections.exchangedAt),
        isNull(connections.revokedAt),
        eq(connections.twoFactorEnabled, false),
        isNotNull(connections.credentialsEnc),
        isNull(connections.restoreTokenHash),
        inArray(connections.status, ["READY", "UPDATE_ERROR"]),
      ),
    );
  let started = 0;
  for (const { id } of due) {
    // Re-checked under the row lock: the connection may have changed since the select.
    const where = and(inArray(connections.status, ["READY", "UPDATE_ERROR"]), isNull(connections.revokedAt));
    if (await startExtraction(services, id, "UPDATING", {}, where)) started++;
  }
  return started;
}

export async function startDailyUpdates(services: Services, options: { pollingIntervalSeconds: number }) {
  const { boss, logger } = services;
  await boss.schedule(QUEUES.dailyUpdate, DAILY_UPDATE_CRON, {}, { tz: "UTC" });
  await boss.work(QUEUES.dailyUpdate, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async () => {
    const started = await runDailyUpdate(services);
    logger.info({ started }, "daily update");
  });
}
