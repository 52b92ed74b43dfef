import type { Db } from "../../db/database";
import type { Services } from "../../services";
import { createConnection, type NewConnection } from "../connections/connections.service";

/**
 * Creates the connection of a successful sign-in and starts its first extraction: what Link's finish
 * step and the sandbox's public-token endpoint share. `alsoInTransaction` runs first, in the same
 * transaction (Link closes its session there, so two finishes cannot make two connections).
 */
export async function openConnection(
  services: Services,
  input: NewConnection,
  alsoInTransaction?: (tx: Db) => Promise<void>,
): Promise<{ connectionId: string; publicToken: string }> {
  const created = await services.database.transaction(async (tx, sql) => {
    await alsoInTransaction?.(tx);
    return createConnection(services, tx, sql, input);
  });
  // After commit: pg-boss wakes only this process's workers, and only for committed jobs.
  services.jobs.wake();
  return created;
}
