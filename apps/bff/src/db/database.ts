import {
  type Database as AppDatabase,
  type Db as AppDb,
  type DatabaseOptions,
  openDatabase as openAppDatabase,
} from "@finlink/db-kit";
import * as schema from "./schema";

export type { DatabaseOptions } from "@finlink/db-kit";
export type Db = AppDb<typeof schema>;
/** The BFF's storage: embedded PGlite (one process) or the PostgreSQL server at APP_DATABASE_URL. */
export type Database = AppDatabase<typeof schema>;

/** Opens the database named by the options. */
export const openDatabase = (options: DatabaseOptions): Promise<Database> =>
  openAppDatabase(options, { schema, urlSetting: "APP_DATABASE_URL" });
