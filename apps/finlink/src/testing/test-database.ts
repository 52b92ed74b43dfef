import { createTemporaryDatabase as createNamed } from "@finlink/db-kit/testing";

/** A throwaway `finlink_test_…` database on the PostgreSQL server at `serverUrl`, dropped by `drop()`. */
export const createTemporaryDatabase = (serverUrl: string) => createNamed(serverUrl, "finlink_test");
