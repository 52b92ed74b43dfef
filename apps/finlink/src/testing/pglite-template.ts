import { pgliteTemplate as cachedTemplate } from "@finlink/db-kit/testing";
import pino from "pino";
import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrate, migrationsFolder } from "../db/migrate";
import { startBoss } from "../jobs/boss";

/** A PGlite data directory with our migrations and pg-boss's schema applied, cached by the migrations' hash. */
export const pgliteTemplate = () =>
  cachedTemplate({
    name: "finlink-pglite",
    migrationsFolder,
    build: async () => {
      const database = await openDatabase({ memory: true });
      await migrate(database);
      const boss = await startBoss(database, pino({ level: "silent" }), {
        supervise: false,
        queues: loadConfig({}).queues,
      });
      await boss.stop({ graceful: false, wait: true });
      return database;
    },
  });
