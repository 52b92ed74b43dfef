import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { Database, Schema } from "./database";

/** An app's committed drizzle-kit migrations and where their journal and lock live. */
export interface Migrations {
  /** The drizzle-kit output folder (`drizzle/`, with `meta/_journal.json`). */
  folder: string;
  /**
   * PostgreSQL schema of the journal table `__drizzle_migrations`; drizzle's default is `drizzle`. Apps
   * sharing a server each need their own, or one app's journal would say the other's migrations ran.
   */
  journalSchema?: string;
  /** Session advisory lock key, one per app, so apps sharing a server never wait on each other. */
  lockKey: number;
}

/**
 * Applies the committed drizzle-kit migrations; safe to run from several processes at once.
 *
 * @example
 * await migrate(database, { folder: migrationsFolder, journalSchema: "bff", lockKey: 7042002 });
 */
export async function migrate<S extends Schema>(database: Database<S>, migrations: Migrations): Promise<void> {
  const journal = {
    migrationsFolder: migrations.folder,
    ...(migrations.journalSchema
      ? { migrationsSchema: migrations.journalSchema, migrationsTable: "__drizzle_migrations" }
      : {}),
  };
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, journal);
    return;
  }
  // Serialise concurrent starts (several API and worker processes) on one session advisory lock.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [migrations.lockKey]);
    await migratePg(drizzle({ client }), journal);
  } finally {
    await client.query("select pg_advisory_unlock($1)", [migrations.lockKey]).catch(() => {});
    await client.end();
  }
}
