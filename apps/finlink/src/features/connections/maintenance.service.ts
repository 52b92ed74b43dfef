import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
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
import { randomToken, sha256 } from "../../lib/crypto";
import { conflict } from "../../lib/problem";
import type { Services } from "../../services";
import { recordWebhook } from "../webhooks/outbox";
import { type ConnectionRow, restoreTokenContext, updateTokenContext } from "./connection-view";
import { PUBLIC_TOKEN_TTL_MS } from "./connections.service";

const DATA_TABLES = [transactions, portfolioTransactions, positions, investments, portfolios, accounts] as const;

/** Erases every extracted row of a connection. */
export async function eraseData(tx: Db, connectionId: string): Promise<void> {
  for (const table of DATA_TABLES) await tx.delete(table).where(eq(table.connectionId, connectionId));
}

/**
 * Deletes a connection: its data, its credentials and its tokens; reports CONNECTION_DELETED. With
 * `onlyIf`, only while the row (locked first) still matches it: false when it no longer does.
 */
export async function deleteConnection(services: Services, row: ConnectionRow, onlyIf?: SQL): Promise<boolean> {
  return services.database.transaction(async (tx) => {
    if (onlyIf) {
      const [locked] = await tx
        .select({ id: connections.id })
        .from(connections)
        .where(and(eq(connections.id, row.id), onlyIf))
        .for("update");
      if (!locked) return false;
    }
    await eraseData(tx, row.id);
    await tx.delete(connections).where(eq(connections.id, row.id));
    const event = { appId: row.appId, connectionId: row.id, externalId: row.externalId, at: services.now() };
    await recordWebhook(tx, { ...event, type: "CONNECTION_DELETED", status: "DELETED" });
    return true;
  });
}

/**
 * Starts an update of an exchanged connection. Entities that ask for a second factor cannot be updated
 * unattended: the answer is 409 with an updateToken to open Link with (and UPDATE_TOKEN_GENERATED).
 */
export async function refreshConnection(
  services: Services,
  row: ConnectionRow,
): Promise<{ status: "UPDATING" | "PENDING" }> {
  if (row.status === "PENDING" || row.status === "UPDATING") {
    return { status: row.status };
  }
  if (row.restoreTokenEnc) {
    const restoreToken = services.cipher.decrypt(row.restoreTokenEnc, restoreTokenContext(row.id));
    throw conflict("The connection needs the user to sign in again: open Link with this restoreToken", {
      reason: "USER_ACTION_REQUIRED",
      restoreToken,
    });
  }
  const now = services.now();
  if (row.twoFactorEnabled) {
    const updateToken = randomToken("update");
    await services.database.transaction(async (tx) => {
      await tx
        .update(connections)
        .set({
          updateTokenHash: sha256(updateToken),
          updateTokenEnc: services.cipher.encrypt(updateToken, updateTokenContext(row.id)),
          updatedAt: now,
        })
        .where(eq(connections.id, row.id));
      const event = { appId: row.appId, connectionId: row.id, externalId: row.externalId, at: now };
      await recordWebhook(tx, { ...event, type: "UPDATE_TOKEN_GENERATED", status: row.status });
    });
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

/** Unexchanged connections of an app, each with a freshly issued publicToken (the old one stops working). */
export async function reissuePending(services: Services, appId: string, externalId: string | undefined) {
  const now = services.now();
  return services.database.transaction(async (tx) => {
    const filters = [eq(connections.appId, appId), isNull(connections.exchangedAt), isNull(connections.revokedAt)];
    if (externalId !== undefined) filters.push(eq(connections.externalId, externalId));
    const rows = await tx
      .select({ id: connections.id, externalId: connections.externalId, createdAt: connections.createdAt })
      .from(connections)
      .where(and(...filters))
      .orderBy(desc(connections.createdAt))
      .for("update");
    const result = [];
    for (const row of rows) {
      const publicToken = randomToken("public");
      await tx
        .update(connections)
        .set({
          publicTokenHash: sha256(publicToken),
          publicTokenExpiresAt: new Date(now.getTime() + PUBLIC_TOKEN_TTL_MS),
        })
        .where(eq(connections.id, row.id));
      result.push({ publicToken, externalId: row.externalId, createdAt: row.createdAt.toISOString() });
    }
    return result;
  });
}
