import { deliverWebhook } from "../features/webhooks/delivery";
import type { Services } from "../services";
import { QUEUES } from "./boss";
import { startDailyUpdates } from "./daily-update";
import { extractionTimeoutMs, runExtraction } from "./extract";
import { startHousekeeping } from "./housekeeping";
import type { ExtractJob, WebhookJob } from "./jobs";

export interface WorkerOptions {
  /** Parallel extractions in this process. */
  concurrency?: number;
  /** Webhook jobs fetched at once by each of the two delivery workers (sent in parallel). */
  webhookBatchSize?: number;
  pollingIntervalSeconds?: number;
}

/** Starts the extraction workers and the daily update and housekeeping schedules in this process. */
export async function startWorkers(services: Services, options: WorkerOptions = {}): Promise<void> {
  const { boss, jobs, logger } = services;
  const concurrency = options.concurrency ?? 2;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  for (let i = 0; i < concurrency; i++) {
    const id = await boss.work<ExtractJob>(
      QUEUES.extract,
      { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
      async ([job]) => {
        if (!job) return;
        // pg-boss 10 neither aborts a timed-out handler nor awaits complete/fail: we bound it ourselves.
        const signal = AbortSignal.timeout(extractionTimeoutMs(services.config.queues.extractExpireSeconds));
        const finalAttempt = job.retryCount >= job.retryLimit;
        await runExtraction(services, job.data, { signal, finalAttempt });
      },
    );
    jobs.addWorker(id);
  }
  const webhookBatchSize = options.webhookBatchSize ?? 20;
  for (let i = 0; i < 2; i++) {
    let id = "";
    id = await boss.work<WebhookJob>(
      QUEUES.webhook,
      { batchSize: webhookBatchSize, pollingIntervalSeconds },
      async (batch) => {
        // One slow receiver must not hold the others' events: each of the batch is sent at once. A handler
        // that throws (the database is down) fails its job and pg-boss runs it again; delivery is idempotent.
        const results = await Promise.allSettled(batch.map((job) => deliverWebhook(services, job.data)));
        // A full batch means more are waiting: fetch again at once instead of sleeping out the polling
        // interval (pg-boss 10 waits it out even after a full fetch: 2 workers × 10 jobs / 2 s was 20 events/s).
        if (batch.length >= webhookBatchSize) boss.notifyWorker(id);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) throw failed.reason;
      },
    );
    jobs.addWorker(id);
  }
  // Jobs sent by other processes (an API process, another worker) wake these workers at once.
  await jobs.listen();
  await startDailyUpdates(services, { pollingIntervalSeconds });
  await startHousekeeping(services, { pollingIntervalSeconds });
  logger.info({ concurrency }, "workers started");
}
