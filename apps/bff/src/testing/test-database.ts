import { pgliteTemplate as cachedTemplate, createTemporaryDatabase as createNamed } from "@finlink/db-kit/testing";
import { openDatabase } from "../db/database";
import { migrate, migrationsFolder } from "../db/migrate";

/** A throwaway `bff_test_…` database (Finlink's tests make `finlink_test_…` ones), dropped by `drop()`. */
export const createTemporaryDatabase = (serverUrl: string) => createNamed(serverUrl, "bff_test");

/** A PGlite data directory with the BFF's migrations applied, cached by their hash. */
export const pgliteTemplate = () =>
  cachedTemplate({
    name: "bff-pglite",
    migrationsFolder,
    build: async () => {
      const database = await openDatabase({ memory: true });
      await migrate(database);
      return database;
    },
  });
