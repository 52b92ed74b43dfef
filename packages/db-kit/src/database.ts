import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock";

/** A drizzle schema module (`import * as schema from "./schema"`). */
export type Schema = Record<string, unknown>;

export type Db<S extends Schema> = PgDatabase<PgQueryResultHKT, S>;

/** Raw SQL on one connection: what pg-boss's `db` option and bulk inserts need. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs a multi-statement script; answers the last statement's rows. */
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * A server's storage: embedded PGlite (one connection, one process) or a PostgreSQL server.
 * `transaction` hands the callback a drizzle instance and raw SQL bound to the same transaction, so a
 * state change and the job or webhook it triggers commit together.
 */
export interface Database<S extends Schema> {
  readonly kind: "pglite" | "postgres";
  readonly db: Db<S>;
  readonly sql: Sql;
  /**
   * drizzle for plain SELECTs that `writes` does not count (on PostgreSQL, `db` itself). Never a statement
   * that changes anything: a cache that trusts `writes` would miss it.
   */
  readonly reads: Db<S>;
  /**
   * Where every writer is in this process (PGlite: one connection, its directory locked to one process),
   * what lets a cache know nothing changed; undefined on PostgreSQL, where other processes write.
   */
  readonly writes: WriteTracker | undefined;
  /** PostgreSQL connection string (pg-boss's own pool, migrations' lock connection); undefined on PGlite. */
  readonly url: string | undefined;
  transaction<T>(fn: (tx: Db<S>, sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Counts the statements and transactions of `db`, `sql` and `transaction` (all but `reads`): a value read
 * while `generation` stayed the same and `inFlight` was 0 is still the database's.
 */
export interface WriteTracker {
  /** Goes up when one of them starts and again when it ends. */
  readonly generation: number;
  /** How many of them have started and not ended. */
  readonly inFlight: number;
}

/** The PGlite methods drizzle, pg-boss and migrations call, each counted by `tracker`. */
function trackedPglite(client: PGlite, tracker: { generation: number; inFlight: number }) {
  const track = async <T>(run: () => Promise<T>): Promise<T> => {
    tracker.inFlight++;
    tracker.generation++;
    try {
      return await run();
    } finally {
      tracker.inFlight--;
      tracker.generation++;
    }
  };
  return {
    query: ((...args: Parameters<PGlite["query"]>) => track(() => client.query(...args))) as PGlite["query"],
    exec: ((...args: Parameters<PGlite["exec"]>) => track(() => client.exec(...args))) as PGlite["exec"],
    transaction: ((...args: Parameters<PGlite["transaction"]>) =>
      track(() => client.transaction(...args))) as PGlite["transaction"],
  };
}

export type DatabaseOptions = { url: string } | { dataDir: string } | { memory: true; template?: Blob };

/** What differs between the apps opening a database. */
export interface AppDatabase<S extends Schema> {
  schema: S;
  /** The app's setting that names a PostgreSQL server, quoted when the embedded one is taken. */
  urlSetting: string;
}

/**
 * Opens the database named by the options with the app's schema.
 *
 * @example
 * const database = await openDatabase({ dataDir: "./data/bff" }, { schema, urlSetting: "APP_DATABASE_URL" });
 */
export async function openDatabase<S extends Schema>(
  options: DatabaseOptions,
  app: AppDatabase<S>,
): Promise<Database<S>> {
  if ("url" in options) return openPostgres(options.url, app.schema);
  if ("dataDir" in options) return openPglite(app, options.dataDir);
  return openPglite(app, undefined, options.template);
}

/**
 * PostgreSQL's buffer pool lives in PGlite's WASM memory, which never shrinks, and all of it was resident from
 * the start: 128 MB (PostgreSQL's default) of a server holding 380 MB at idle. A page evicted from a smaller pool
 * is read again from the data directory's files, which the OS keeps cached outside the process. 16 MB measured
 * ~110 MB less RSS at idle and after `user_big`, with the same status throughput and ingest time
 * (bench/results/memory.md, status-parts.md).
 */
export const PGLITE_SHARED_BUFFERS = "16MB";
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`];

async function openPglite<S extends Schema>(
  { schema, urlSetting }: AppDatabase<S>,
  dataDir: string | undefined,
  template?: Blob,
): Promise<Database<S>> {
  // PGlite does not lock its directory and two processes opening it corrupt it.
  const release = dataDir ? await acquireDataDirLock(dataDir, urlSetting) : () => {};
  let client: PGlite;
  try {
    if (dataDir && !existsSync(join(dataDir, "PG_VERSION"))) await initDataDir(dataDir);
    // Loading a dumped data directory skips initdb (~1 s instead of ~4 s): what tests use.
    client = template
      ? await PGlite.create({ loadDataDir: template, startParams: PGLITE_START_PARAMS })
      : await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
  } catch (error) {
    release();
    throw error;
  }
  const tracker = { generation: 0, inFlight: 0 };
  const tracked = trackedPglite(client, tracker);
  const sqlOf = (c: Pick<PGlite, "query" | "exec"> | PgliteTransaction): Sql => ({
    query: async (text, params) => c.query(text, params as unknown[]),
    exec: async (text) => {
      const results = await c.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
  });
  return {
    kind: "pglite",
    db: drizzlePglite({ client: tracked as unknown as PGlite, schema }) as unknown as Db<S>,
    sql: sqlOf(tracked),
    reads: drizzlePglite({ client, schema }) as unknown as Db<S>,
    writes: tracker,
    url: undefined,
    // Never call the outer instance inside: PGlite has one connection and would wait on itself.
    transaction: (fn) =>
      tracked.transaction((tx) =>
        fn(drizzlePglite({ client: tx as unknown as PGlite, schema }) as unknown as Db<S>, sqlOf(tx)),
      ),
    close: async () => {
      await client.close();
      release();
    },
  };
}

const INIT_DATA_DIR = fileURLToPath(new URL("./init-data-dir.mjs", import.meta.url));

/**
 * Creates a new data directory in a child process. initdb, run in this one, grows PGlite's WASM memory (which
 * never shrinks) and leaves a copy of it behind: the server kept ~450 MB more resident for its whole life.
 * PGlite then finds the directory (its PG_VERSION) and opens it as an existing one.
 */
function initDataDir(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [INIT_DATA_DIR, dataDir], (error, _stdout, stderr) =>
      error
        ? reject(new Error(`Could not create the embedded database at ${dataDir}: ${stderr || error.message}`))
        : resolve(),
    ),
  );
}

async function openPostgres<S extends Schema>(url: string, schema: S): Promise<Database<S>> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {}); // an idle client's error is reported on its next query instead of crashing
  const sqlOf = (c: pg.Pool | pg.PoolClient): Sql => ({
    query: async <R>(text: string, params?: unknown[]) => (await c.query(text, params)) as unknown as { rows: R[] },
    exec: async (text) => {
      // A multi-statement simple query answers one result per statement.
      const result = (await c.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows };
    },
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db<S>;
  return {
    kind: "postgres",
    db,
    sql: sqlOf(pool),
    reads: db,
    writes: undefined,
    url,
    transaction: async (fn) => {
      const client = await pool.connect();
      // A checked-out client whose server goes away (a restart, a failover) emits "error" between queries;
      // with no listener that event kills the process. The next query fails instead, and so does the
      // transaction (ROLLBACK below), which the caller sees as an error.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn(drizzlePg({ client, schema }) as unknown as Db<S>, sqlOf(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackFailed: Error) => {
          broken ??= rollbackFailed;
        });
        throw error;
      } finally {
        client.off("error", onError);
        // A client that failed is destroyed, not pooled: its connection may be dead.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
