import { fileURLToPath } from "node:url";
import { migrate as migrateApp } from "@finlink/db-kit";
import type { Database } from "./database";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Applies the BFF's migrations; safe to run from several processes at once. The journal lives in the
 * BFF's schema too (drizzle's default, `drizzle.__drizzle_migrations`, is Finlink's), and Finlink's lock is
 * 7042001: a BFF and a Finlink sharing a server never wait on each other.
 */
export const migrate = (database: Database) =>
  migrateApp(database, { folder: migrationsFolder, journalSchema: "bff", lockKey: 7042002 });
