import type { BffConnection, Connection } from "@finlink/contracts";
import type { connections } from "../../db/schema";

export type ConnectionRow = typeof connections.$inferSelect;

/**
 * What the user must do, from Finlink's status: a restore outranks an update (an update cannot sign in
 * without it). Nothing while an extraction runs: Finlink keeps the updateToken until the update it opened
 * succeeds, and the user who just went through Link must not be asked again meanwhile.
 */
export function userActionOf(
  status: Pick<Connection, "updateToken" | "restoreToken"> & { status?: Connection["status"] },
): "UPDATE" | "RESTORE" | null {
  if (status.status === "PENDING" || status.status === "UPDATING") return null;
  if (status.restoreToken) return "RESTORE";
  return status.updateToken ? "UPDATE" : null;
}

/** The columns a Finlink status sets: everything the SPA sees, never the update or restore tokens. */
export function snapshotOf(status: Connection) {
  return {
    entity: status.entity,
    status: status.status,
    errorDetails: status.errorDetails,
    userAction: userActionOf(status),
    twoFactorEnabled: status.twoFactorEnabled,
    lastSync: status.lastSync ? new Date(status.lastSync) : null,
    finlinkCreatedAt: new Date(status.createdAt),
    finlinkUpdatedAt: new Date(status.updatedAt),
  };
}

/** A stored connection as the SPA sees it (by the BFF's id; no Finlink token or id). */
export function toBffConnection(row: ConnectionRow): BffConnection {
  return {
    id: row.id,
    entity: row.entity,
    entityName: row.entityName,
    status: row.status,
    errorDetails: row.errorDetails ?? null,
    userAction: row.userAction,
    twoFactorEnabled: row.twoFactorEnabled,
    lastSync: row.lastSync?.toISOString() ?? null,
    createdAt: row.finlinkCreatedAt.toISOString(),
    updatedAt: row.finlinkUpdatedAt.toISOString(),
  };
}

/** The additional data the connectionToken is sealed with: a sealed token copied into another row fails to open. */
export const tokenContext = (rowId: string) => `connection:${rowId}:connection-token`;
