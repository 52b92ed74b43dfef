import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/database";
import {
  accounts,
  connections,
  investments,
  portfolios,
  portfolioTransactions,
  positions,
  transactions,
} from "../../db/schema";
import { conflict, notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { recordWebhook } from "../webhooks/outbox";
import { type ConnectionRow, liveUserToken, type UserTokenKind } from "./connection-view";
import { issueUserToken } from "./user-token";

const DATA_TABLES = [transactions, portfolioTransactions, positions, investments, portfolios, accounts] as const;

/** Erases every extracted row of a connection. */
export async function eraseData(tx: Db, connectionId: string): Promise<void> {
  for (const table of DATA_TABLES) await tx.delete(table).where(eq(table.connectionId, connectionId));
}

/**
 * Deletes a connection: its data, its credentials and its tokens; reports CONNECTION_DELETED. With
 * `onlyIf`, only while the row still matches it (the DELETE re-checks it under the row lock); false when
 * it no longer does or the row is already gone.
 */
export async function deleteConnection(services: Services, row: ConnectionRow, onlyIf?: SQL): Promise<boolean> {
  const deleted = await services.database.transaction(async (tx, sql) => {
    // The data goes with the row (ON DELETE CASCADE). A running extraction's batch holds the row FOR
    // SHARE while it writes, so this waits for it and then erases it too; later batches find no row.
    const [deleted] = await tx
      .delete(connections)
      .where(onlyIf ? and(eq(connections.id, row.id), onlyIf) : eq(connections.id, row.id))
      .returning({ id: connections.id });
    if (!deleted) return false;
    const event = { appId: row.appId, connectionId: row.id, externalId: row.externalId, at: services.now() };
    await recordWebhook(services.jobs, tx, sql, { ...event, type: "CONNECTION_DELETED", status: "DELETED" });
    return true;
  });
  if (deleted) services.jobs.wake();
  return deleted;
}

/**
 * Starts an update of an exchanged connection. A connection that needs the user answers 409 with the token
 * to open Link with: its restoreToken while a restore is due, else, when the entity asks for a second
 * factor (no unattended update), an updateToken.
 */
export async function refreshConnection(
  services: Services,
  row: ConnectionRow,
): Promise<{ status: "UPDATING" | "PENDING" }> {
  if (row.status === "PENDING" || row.status === "UPDATING") {
    return { status: row.status };
  }
  if (row.restoreTokenEnc) {
    const { token: restoreToken } = await currentUserToken(services, row, "restore");
    throw conflict("The connection needs the user to sign in again: open Link with this restoreToken", {
      reason: "USER_ACTION_REQUIRED",
      restoreToken,
    });
  }
  if (row.twoFactorEnabled) {
    const { token: updateToken } = await currentUserToken(services, row, "update");
    throw conflict("The entity asks for a second factor: open Link with this updateToken", {
      reason: "USER_ACTION_REQUIRED",
      updateToken,
    });
  }
  // ERRORED has no data: run it again as a first extraction.
  const status = row.status === "ERRORED" ? "PENDING" : "UPDATING";
  await startExtraction(services, row.id, status);
  return { status };
}

/**
 * The connection's update or restore token while it lives — the same one, so a Link opened with it keeps
 * working — or, when there is none or it expired, a fresh one announced by its webhook. Decided under the
 * row lock: two refreshes at once must not each issue a token, the second silently killing the first.
 */
export async function currentUserToken(
  services: Services,
  row: ConnectionRow,
  kind: UserTokenKind,
): Promise<{ token: string; issued: boolean }> {
  const now = services.now();
  const result = await services.database.transaction(async (tx, sql) => {
    const [locked] = await tx.select().from(connections).where(eq(connections.id, row.id)).for("update");
    if (!locked)
      throw notFound("Connection not found with the given connection token for the current app", {
        reason: "CONNECTION_NOT_FOUND",
      });
    const live = liveUserToken(locked, kind, services.cipher, now);
    if (live) return { token: live, issued: false };
    const { token, columns } = issueUserToken(services.cipher, row.id, kind, now);
    await tx
      .update(connections)
      .set({ ...columns, updatedAt: now })
      .where(eq(connections.id, row.id));
    const type = kind === "update" ? "UPDATE_TOKEN_GENERATED" : "RESTORE_TOKEN_GENERATED";
    const event = { appId: row.appId, connectionId: row.id, externalId: row.externalId, at: now };
    await recordWebhook(services.jobs, tx, sql, { ...event, type, status: locked.status });
    return { token, issued: true };
  });
  if (result.issued) services.jobs.wake();
  return result;
}

/** Bumps the sync run, sets the status and sends the extraction job in one transaction, then wakes workers. */
export async function startExtraction(
  services: Services,
  connectionId: string,
  status: "PENDING" | "UPDATING",
  extra: Partial<typeof connections.$inferInsert> = {},
  where?: SQL,
): Promise<boolean> {
  const started = await services.database.transaction(async (tx, sql) => {
    const [row] = await tx
      .select({ syncRun: connections.syncRun })
      .from(connections)
      .where(where ? and(eq(connections.id, connectionId), where) : eq(connections.id, connectionId))
      .for("update");
    if (!row) return false;
    const run = row.syncRun + 1;
    await tx
      .update(connections)
      .set({ status, syncRun: run, errorDetails: null, updatedAt: services.now(), ...extra })
      .where(eq(connections.id, connectionId));
    await services.jobs.sendExtraction(sql, { connectionId, run });
    return true;
  });
  if (started) services.jobs.wake();
  return started;
}
