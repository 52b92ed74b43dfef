import type PgBoss from "pg-boss";
import type { Config } from "./config";
import { ConnectorRegistry } from "./connectors/registry";
import { createSandboxConnector, SandboxBank, sandboxBankKey } from "./connectors/sandbox";
import { type Database, openDatabase } from "./db/database";
import { migrate } from "./db/migrate";
import {
  LOGIN_CHECK_CONCURRENCY,
  LOGIN_CHECK_QUEUE,
  LOGIN_FAILURE_LIMIT,
  LOGIN_FAILURE_WINDOW_MS,
} from "./features/auth/login-throttle";
import {
  PASSWORD_CHECK_CONCURRENCY,
  PASSWORD_CHECK_QUEUE,
  PasswordChecks,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_FAILURE_WINDOW_MS,
} from "./features/console/sign-in-limits";
import { SESSION_OPEN_LIMIT, SESSION_OPEN_WINDOW_MS } from "./features/link/open-throttle";
import { REDIRECT_COMPLETE_LIMIT, REDIRECT_COMPLETE_WINDOW_MS } from "./features/link/redirect-throttle";
import { ADDRESS_FAILURE_LIMIT, USER_FAILURE_LIMIT, USER_FAILURE_WINDOW_MS } from "./features/link/sign-in-throttle";
import { startBoss } from "./jobs/boss";
import { Jobs } from "./jobs/jobs";
import { WakeChannel } from "./jobs/wake-channel";
import { Cipher, SecretVerifier } from "./lib/crypto";
import { KeyStore } from "./lib/keys";
import { createLogger, type Logger } from "./lib/logger";
import { RateLimiter, type RateLimitStore, rateLimitSecret } from "./lib/rate-limit";

/** What handlers and workers share: one instance per process, built by `createServices`. */
export interface Services {
  config: Config;
  database: Database;
  cipher: Cipher;
  keys: KeyStore;
  connectors: ConnectorRegistry;
  boss: PgBoss;
  jobs: Jobs;
  logger: Logger;
  /** Guessing limits, counted in the database (shared by every process); scrypt checks per process. */
  limits: Limits;
  /** The clock; tests move it to expire tokens. */
  now: () => Date;
}

export interface Limits {
  /** Failed API logins per client address (`features/auth/login-limits.ts`); never per client id. */
  apiLoginPerAddress: RateLimiter;
  /** Client secret checks (scrypt) a few at a time, with a short queue. */
  secretChecks: SecretVerifier;
  /** Wrong passwords per entity user in Link, across sessions (`features/link/sign-in-throttle.ts`). */
  linkSignIn: RateLimiter;
  /** Wrong passwords per client address in Link, across users (password spraying). */
  linkSignInPerAddress: RateLimiter;
  /** Link sessions opened per client address (`features/link/open-throttle.ts`). */
  linkSessionsPerAddress: RateLimiter;
  /** Returns from a bank's page completed per client address (`features/link/redirect-throttle.ts`). */
  linkRedirectPerAddress: RateLimiter;
  /** Console sign-ins per client address, and operator password checks (scrypt) a few at a time. */
  consoleSignInPerAddress: RateLimiter;
  operatorPasswordChecks: PasswordChecks;
}

/** The limits a deployment may set (`FINLINK_LINK_SESSIONS_PER_ADDRESS`, `FINLINK_SIGN_IN_FAILURES_PER_*`). */
export type LimitSizes = Partial<
  Pick<Config, "linkSessionsPerAddress" | "signInFailuresPerUser" | "signInFailuresPerAddress">
>;

export const createLimits = (store: RateLimitStore, sizes: LimitSizes = {}): Limits => ({
  apiLoginPerAddress: new RateLimiter(store, "api-login-address", LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS),
  secretChecks: new SecretVerifier({ concurrency: LOGIN_CHECK_CONCURRENCY, queueLimit: LOGIN_CHECK_QUEUE }),
  linkSignIn: new RateLimiter(
    store,
    "link-sign-in-user",
    sizes.signInFailuresPerUser ?? USER_FAILURE_LIMIT,
    USER_FAILURE_WINDOW_MS,
  ),
  linkSignInPerAddress: new RateLimiter(
    store,
    "link-sign-in-address",
    sizes.signInFailuresPerAddress ?? ADDRESS_FAILURE_LIMIT,
    USER_FAILURE_WINDOW_MS,
  ),
  linkSessionsPerAddress: new RateLimiter(
    store,
    "link-sessions-address",
    sizes.linkSessionsPerAddress ?? SESSION_OPEN_LIMIT,
    SESSION_OPEN_WINDOW_MS,
  ),
  linkRedirectPerAddress: new RateLimiter(
    store,
    "link-redirect-address",
    REDIRECT_COMPLETE_LIMIT,
    REDIRECT_COMPLETE_WINDOW_MS,
  ),
  consoleSignInPerAddress: new RateLimiter(
    store,
    "console-sign-in-address",
    SIGN_IN_FAILURE_LIMIT,
    SIGN_IN_FAILURE_WINDOW_MS,
  ),
  operatorPasswordChecks: new PasswordChecks({
    concurrency: PASSWORD_CHECK_CONCURRENCY,
    queueLimit: PASSWORD_CHECK_QUEUE,
  }),
});

export interface ServicesOptions {
  /** Run pg-boss maintenance and cron here (worker and single-process modes). */
  supervise: boolean;
  logger?: Logger;
  now?: () => Date;
}

/** Opens storage, applies migrations, loads keys and starts the job queue. */
export async function createServices(config: Config, options: ServicesOptions): Promise<Services> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  try {
    await migrate(database);
    const cipher = new Cipher(config.encryptionKey);
    const { keys, boss } = await serializedStartup(database, async () => ({
      keys: await KeyStore.open(database, cipher, options.now),
      boss: await startBoss(database, logger, { supervise: options.supervise, queues: config.queues }),
    }));
    const connectors = new ConnectorRegistry(
      config.sandbox.enabled
        ? [
            createSandboxConnector({
              timeScale: config.sandbox.timeScale,
              bank: new SandboxBank(sandboxBankKey(config.encryptionKey), config.publicUrl),
            }),
          ]
        : [],
    );
    return {
      config,
      database,
      cipher,
      keys,
      connectors,
      boss,
      jobs: new Jobs(boss, new WakeChannel(database, logger)),
      logger,
      limits: createLimits({ database, secret: rateLimitSecret(config.encryptionKey) }, config),
      now: options.now ?? (() => new Date()),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The advisory lock every process's start takes on PostgreSQL (migrations have their own). */
const STARTUP_LOCK_KEY = 4_120_020_001;

/**
 * Runs `fn` while no other process runs its start on the same PostgreSQL database: processes started
 * together raced to create the first signing keys, pg-boss's queues (`create_queue` attaches a partition
 * to the job table: two at once ended in "deadlock detected", killing three of four processes) and the
 * sandbox app. PGlite is one process's (its directory is locked): no lock there.
 */
export async function serializedStartup<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.kind === "pglite") return fn();
  return database.transaction(async (_tx, sql) => {
    await sql.query("select pg_advisory_xact_lock($1)", [STARTUP_LOCK_KEY]);
    return fn();
  });
}

/** Stops the queue (letting running jobs finish for a moment) and closes storage. */
export async function closeServices(services: Services): Promise<void> {
  await services.jobs.close();
  await services.boss.stop({ graceful: true, timeout: 5_000, wait: true });
  await services.database.close();
}
