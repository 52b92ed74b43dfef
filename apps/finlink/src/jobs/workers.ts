import type { Services } from "../services";
import { QUEUES } from "./boss";
import { startDailyUpdates } from "./daily-update";
import { EXTRACTION_TIMEOUT_MS, runExtraction } from "./extract";
import { startHousekeeping } from "./housekeeping";
import type { ExtractJob } from "./jobs";

export interface WorkerOptions {
  /** Parallel extractions in this process. */
  concurrency?: number;
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
        const signal = AbortSignal.timeout(EXTRACTION_TIMEOUT_MS);
        const finalAttempt = job.retryCount >= job.retryLimit;
        await runExtraction(services, job.data, { signal, finalAttempt });
      },
    );
    jobs.addWorker(id);
  }
  await startDailyUpdates(services, { pollingIntervalSeconds });
  await startHousekeeping(services, { pollingIntervalSeconds });
  logger.info({ concurrency }, "workers started");
}
