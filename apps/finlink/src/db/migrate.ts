import { fileURLToPath } from "node:url";
import { migrate as migrateApp } from "@finlink/db-kit";
import type { Database } from "./database";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Applies Finlink's migrations; safe to run from several processes at once. The journal stays in
 * drizzle's default schema (`drizzle`) where existing databases have it; the BFF's lock is 7042002.
 */
export const migrate = (database: Database) => migrateApp(database, { folder: migrationsFolder, lockKey: 7042001 });
