import { and, inArray, isNotNull, isNull } from "drizzle-orm";
import { connections } from "../db/schema";
import { currentUserToken, startExtraction } from "../features/connections/maintenance.service";
import type { Services } from "../services";
import { QUEUES } from "./boss";

// Exchanged, alive, with stored credentials, not waiting for a restore, and not running already.
const updatable = () =>
  and(
    isNotNull(connections.exchangedAt),
    isNull(connections.revokedAt),
    isNotNull(connections.credentialsEnc),
    isNull(connections.restoreTokenHash),
    inArray(connections.status, ["READY", "UPDATE_ERROR"]),
  );

export interface DailyUpdateReport {
  /** Updates started: connections that can run unattended. */
  started: number;
  /** Connections whose entity asks for a second factor: they cannot update alone, so the app gets an
   * updateToken to ask the user with (UPDATE_TOKEN_GENERATED), unless one is still valid. */
  updateTokens: number;
}

/**
 * The daily update, as Vumi's docs describe it: every connection that can run unattended (no second
 * factor) starts an update; one whose entity asks for a second factor gets an updateToken instead — the
 * same one while it lives (consumed by the update it opens), a fresh one with its webhook once it expired.
 */
export async function runDailyUpdate(services: Services): Promise<DailyUpdateReport> {
  const due = await services.database.db.select().from(connections).where(updatable());
  const report: DailyUpdateReport = { started: 0, updateTokens: 0 };
  for (const row of due) {
    if (row.twoFactorEnabled) {
      if ((await currentUserToken(services, row, "update")).issued) report.updateTokens++;
      continue;
    }
    // Re-checked under the row lock: the connection may have changed since the select.
    const where = and(inArray(connections.status, ["READY", "UPDATE_ERROR"]), isNull(connections.revokedAt));
    if (await startExtraction(services, row.id, "UPDATING", {}, where)) report.started++;
  }
  return report;
}

export async function startDailyUpdates(services: Services, options: { pollingIntervalSeconds: number }) {
  const { boss, logger, config } = services;
  // One schedule row for every process (the last one started sets its cron): pg-boss's clock sends each
  // due job once across processes, whichever of them checks first.
  await boss.schedule(QUEUES.dailyUpdate, config.queues.dailyUpdateCron, {}, { tz: "UTC" });
  await boss.work(QUEUES.dailyUpdate, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async () => {
    logger.info(await runDailyUpdate(services), "daily update");
  });
}
