import PgBoss from "pg-boss";
import type { QueueConfig } from "../config";
import type { Database, Sql } from "../db/database";
import type { Logger } from "../lib/logger";

export const QUEUES = {
  /** Extract one connection: first import or update. */
  extract: "extract",
  /** Daily: start an update of every connection that needs no user. */
  dailyUpdate: "daily-update",
  /** Hourly: delete expired Link sessions, old exchange answers and connections nobody exchanged. */
  housekeeping: "housekeeping",
  /** Send one outbox event to its app's webhook URL (one attempt; the next is a new job, `startAfter`). */
  webhook: "webhook",
} as const;

/**
 * pg-boss's `db` adapter over our SQL: parameterised statements go to `query`, pg-boss's
 * multi-statement scripts (schema creation, `BEGIN; …; COMMIT`) to `exec`.
 */
export function bossDb(sql: Sql, options: { rollbackOnError: boolean }): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      try {
        return values && values.length > 0 ? await sql.query(text, values) : await sql.exec(text);
      } catch (error) {
        // On PGlite's single connection a failed statement of a script leaves the session inside an
        // aborted transaction, blocking every later query: roll it back here.
        if (options.rollbackOnError) await sql.exec("ROLLBACK").catch(() => {});
        throw error;
      }
    },
  };
}

export interface BossOptions {
  /** Run maintenance and the cron clock (worker processes); API-only processes just send. */
  supervise: boolean;
  queues: QueueConfig;
}

/** Starts pg-boss on the server's database and creates our queues. */
export async function startBoss(database: Database, logger: Logger, options: BossOptions): Promise<PgBoss> {
  const connection: PgBoss.ConstructorOptions =
    database.kind === "pglite"
      ? { db: bossDb(database.sql, { rollbackOnError: true }) }
      : { connectionString: database.url, max: 4 };
  const boss = new PgBoss({
    ...connection,
    schema: "pgboss",
    supervise: options.supervise,
    schedule: options.supervise,
    // Expired jobs (their process died) are failed, and so retried elsewhere, only by maintenance: its
    // default 120 s would add two minutes to every recovery. It runs once across processes (a lock row).
    maintenanceIntervalSeconds: options.queues.maintenanceSeconds,
    // The clock: every supervising process checks the schedules this often, but a timestamp row lets only
    // one check per interval through, and what it sends is a singleton per minute, so a due schedule runs
    // once however many processes there are. What it sends is picked up by pg-boss's own worker, polling
    // at its default 5 s (faster when the checks are).
    cronMonitorIntervalSeconds: options.queues.cronCheckSeconds,
    cronWorkerIntervalSeconds: Math.min(options.queues.cronCheckSeconds, 5),
    migrate: true,
  });
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
  await boss.start();
  // Extractions take seconds (user_slow ~60 s, user_big several): expire well above that (600 s), and
  // keep the connector's own abort below it (`extractionTimeoutMs`) so a timed-out handler does not go on.
  // One webhook attempt takes at most its 10 s deadline plus signing and two writes: active after a
  // minute, its process died (SIGKILL) and another worker takes it. The retry schedule is ours
  // (`features/webhooks/schedule.ts`); pg-boss's retries only cover a handler that threw (database down).
  const queues: [string, Omit<PgBoss.Queue, "name">][] = [
    [QUEUES.extract, { expireInSeconds: options.queues.extractExpireSeconds, retryLimit: 3, retryDelay: 5 }],
    [QUEUES.dailyUpdate, { expireInSeconds: 600, retryLimit: 2 }],
    [QUEUES.housekeeping, { expireInSeconds: 600, retryLimit: 2 }],
    [
      QUEUES.webhook,
      { expireInSeconds: options.queues.webhookExpireSeconds, retryLimit: 10, retryDelay: 5, retryBackoff: true },
    ],
  ];
  for (const [name, settings] of queues) {
    await boss.createQueue(name, { name, ...settings });
    // A queue made by an earlier start keeps its settings: apply the configured ones.
    await boss.updateQueue(name, { name, ...settings });
  }
  return boss;
}
