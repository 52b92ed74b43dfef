import type { ErrorDetails, WebhookType } from "@finlink/contracts";
import { ConnectorFailure, type Credentials } from "../connectors/connector";
import { connections } from "../db/schema";
import { credentialsContext } from "../features/connections/connection-view";
import { eraseData } from "../features/connections/maintenance.service";
import { recordWebhook } from "../features/webhooks/outbox";
import type { Services } from "../services";
import { currentRun } from "./current-run";
import { keepDesiredOwners } from "./desired-owners";
import type { ExtractJob } from "./jobs";
import { dropStalePositions, writeBatches } from "./store-batch";

/**
 * Stop a run before pg-boss's expiry (FINLINK_EXTRACT_EXPIRE_SECONDS, 600 s) hands the job to another
 * worker: at 90 % of it.
 */
export const extractionTimeoutMs = (expireSeconds: number) => expireSeconds * 900;

const INTERNAL: ErrorDetails = { reason: "INTERNAL_SERVER_ERROR", type: "VUMI_ERROR", retryable: true };

/**
 * Runs one extraction. Idempotent: rows are upserted by stable id, and a job whose run is no longer the
 * connection's current run (a newer refresh, a reset-login, a revoke, a deleted connection) stops without
 * writing — checked before every batch, not only at the start, since those can land mid-run.
 * Returns normally on an entity's refusal (the status says it); throws only to be retried.
 */
export async function runExtraction(
  services: Services,
  job: ExtractJob,
  options: { signal: AbortSignal; finalAttempt: boolean },
): Promise<void> {
  const { database, cipher, connectors, logger } = services;
  const [row] = await database.db.select().from(connections).where(currentRun(job));
  if (!row) return;
  const mode = row.status === "PENDING" ? "initial" : "update";
  const found = connectors.find(row.entityId);
  try {
    if (!found) throw new ConnectorFailure({ reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: false });
    if (!row.credentialsEnc) {
      throw new ConnectorFailure({ reason: "USER_ACTION_REQUIRED", type: "USER_ERROR", retryable: false });
    }
    const credentials = cipher.decryptJson<Credentials>(row.credentialsEnc, credentialsContext(row.id));
    const now = services.now();
    const extracted = found.connector.extract({
      entityId: row.entityId,
      credentials,
      mode,
      now,
      signal: options.signal,
    });
    // start-flow's desiredOwners: only those holders' accounts and portfolios are stored, at every extraction.
    const batches = keepDesiredOwners(extracted, row.desiredOwners);
    if (!(await writeBatches(database, job, batches, { signal: options.signal, now: services.now }))) {
      logger.info({ connectionId: row.id, run: job.run }, "extraction stopped: the run is no longer current");
      return;
    }
    await finish(services, job, mode === "initial" ? "CONNECTION_READY" : "CONNECTION_UPDATED", "READY", null);
  } catch (error) {
    if (error instanceof ConnectorFailure) {
      await fail(services, job, mode, error.error);
      return;
    }
    logger.error({ err: error, connectionId: row.id, mode }, "extraction failed");
    if (options.finalAttempt) {
      await fail(services, job, mode, INTERNAL);
      return;
    }
    throw error;
  }
}

async function fail(services: Services, job: ExtractJob, mode: "initial" | "update", details: ErrorDetails) {
  // A failed first extraction leaves no data ("ERRORED (no data)"); a failed update keeps the older data.
  if (mode === "initial") {
    await finish(services, job, "CONNECTION_ERRORED", "ERRORED", details, true);
  } else {
    await finish(services, job, "CONNECTION_UPDATE_ERROR", "UPDATE_ERROR", details);
  }
}

/** Sets the final status and records its webhook in one transaction, only if this run is still current. */
async function finish(
  services: Services,
  job: ExtractJob,
  type: WebhookType,
  status: "READY" | "ERRORED" | "UPDATE_ERROR",
  errorDetails: ErrorDetails | null,
  erase = false,
): Promise<void> {
  const now = services.now();
  await services.database.transaction(async (tx, sql) => {
    const [row] = await tx
      .update(connections)
      .set({
        status,
        errorDetails,
        updatedAt: now,
        ...(status === "READY"
          ? { lastSync: now, updateTokenEnc: null, updateTokenHash: null, updateTokenExpiresAt: null }
          : {}),
      })
      .where(currentRun(job))
      .returning();
    if (!row) return;
    if (erase) await eraseData(tx, row.id);
    if (status === "READY") await dropStalePositions(tx, job);
    await recordWebhook(services.jobs, tx, sql, {
      appId: row.appId,
      type,
      connectionId: row.id,
      externalId: row.externalId,
      status,
      at: now,
    });
  });
  services.jobs.wake();
}
