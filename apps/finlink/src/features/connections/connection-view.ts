import type { Connection, ErrorDetails } from "@finlink/contracts";
import type { connections } from "../../db/schema";
import type { Cipher } from "../../lib/crypto";

export type ConnectionRow = typeof connections.$inferSelect;

export const updateTokenContext = (id: string) => `connection:${id}:update-token`;
export const restoreTokenContext = (id: string) => `connection:${id}:restore-token`;
export const credentialsContext = (id: string) => `connection:${id}:credentials`;

/** A connection row as the API shows it; update and restore tokens are decrypted for display. */
export function toConnection(row: ConnectionRow, cipher: Cipher): Connection {
  return {
    connectionId: row.id,
    status: row.status as Connection["status"],
    errorDetails: (row.errorDetails as ErrorDetails | null) ?? null,
    entity: row.entityId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSync: row.lastSync?.toISOString() ?? null,
    updateToken: row.updateTokenEnc ? cipher.decrypt(row.updateTokenEnc, updateTokenContext(row.id)) : null,
    restoreToken: row.restoreTokenEnc ? cipher.decrypt(row.restoreTokenEnc, restoreTokenContext(row.id)) : null,
    twoFactorEnabled: row.twoFactorEnabled,
    hasCredentials: row.credentialsEnc !== null,
    externalId: row.externalId,
  };
}
