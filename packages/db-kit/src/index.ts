export { acquireDataDirLock } from "./data-dir-lock";
export {
  type AppDatabase,
  type Database,
  type DatabaseOptions,
  type Db,
  openDatabase,
  type Schema,
  type Sql,
  type WriteTracker,
} from "./database";
export { type Migrations, migrate } from "./migrate";
