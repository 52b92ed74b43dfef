import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { Database } from "./database";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));
// The journal lives in the BFF's schema too: drizzle's default (`drizzle.__drizzle_migrations`) is Finlink's.
const journal = { migrationsFolder, migrationsSchema: "bff", migrationsTable: "__drizzle_migrations" };
// Finlink's lock is 7042001: a BFF and a Finlink sharing a server never wait on each other.
const MIGRATION_LOCK = 7042002;

/** Applies the committed drizzle-kit migrations; safe to run from several processes at once. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, journal);
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    await migratePg(drizzle({ client }), journal);
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
    await client.end();
  }
}
