import PgBoss from "pg-boss";
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
    migrate: true,
  });
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
  await boss.start();
  // Extractions take seconds (user_slow ~60 s, user_big several): expire well above that, and keep the
  // connector's own abort below it so a timed-out handler does not go on running.
  await boss.createQueue(QUEUES.extract, { name: QUEUES.extract, expireInSeconds: 600, retryLimit: 3, retryDelay: 5 });
  await boss.createQueue(QUEUES.dailyUpdate, { name: QUEUES.dailyUpdate, expireInSeconds: 600, retryLimit: 2 });
  await boss.createQueue(QUEUES.housekeeping, { name: QUEUES.housekeeping, expireInSeconds: 600, retryLimit: 2 });
  // One attempt takes at most the 10 s HTTP deadline plus signing and two writes: a job still active after
  // a minute belongs to a process that died (SIGKILL) and goes to another worker. The retry schedule is
  // ours (`features/webhooks/schedule.ts`); pg-boss's retries only cover a handler that threw (database down).
  await boss.createQueue(QUEUES.webhook, {
    name: QUEUES.webhook,
    expireInSeconds: 60,
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
  });
  return boss;
}
