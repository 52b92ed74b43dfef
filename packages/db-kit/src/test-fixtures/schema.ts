import { fileURLToPath } from "node:url";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { createTemporaryDatabase } from "../testing/temporary-database";

/** The table `drizzle/0000_init.sql` creates, with one row (id 0). */
export const notes = pgTable("notes", { id: integer().primaryKey(), body: text().notNull() });
export const schema = { notes };
export const app = { schema, urlSetting: "KIT_DATABASE_URL" };
export const migrationsFolder = fileURLToPath(new URL("./drizzle", import.meta.url));

/** The kit's own tests read the server from the same variable as the apps' tests. */
export const serverUrl = process.env.DATABASE_URL || undefined;

/** A temporary `db_kit_test_…` database on the server at DATABASE_URL; tests without it skip. */
export const temporaryDatabase = () => {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  return createTemporaryDatabase(serverUrl, "db_kit_test");
};
