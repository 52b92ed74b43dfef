import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The BFF's storage: embedded PGlite (one connection, one process) or a PostgreSQL server. */
export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  /** PostgreSQL connection string (migrations take a lock on their own connection); undefined on PGlite. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export type DatabaseOptions = { url: string } | { dataDir: string } | { memory: true; template?: Blob };

/** Opens the database named by the options. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ("url" in options) return openPostgres(options.url);
  if ("dataDir" in options) return openPglite(options.dataDir);
  return openPglite(undefined, options.template);
}

async function openPglite(dataDir: string | undefined, template?: Blob): Promise<Database> {
  // PGlite does not lock its directory, and two processes opening it corrupt it.
  const release = dataDir ? await acquireDataDirLock(dataDir) : () => {};
  let client: PGlite;
  try {
    // A dumped data directory skips initdb (~1 s instead of ~4 s): what tests use.
    client = template ? await PGlite.create({ loadDataDir: template }) : await PGlite.create(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  return {
    kind: "pglite",
    db: drizzlePglite({ client, schema }) as unknown as Db,
    url: undefined,
    close: async () => {
      await client.close();
      release();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {}); // an idle client's error is reported on its next query instead of crashing
  return {
    kind: "postgres",
    db: drizzlePg({ client: pool, schema }) as unknown as Db,
    url,
    close: () => pool.end(),
  };
}
