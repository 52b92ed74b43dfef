import type { Connection, ErrorDetails } from "@finlink/contracts";
import type { connections } from "../../db/schema";
import type { Cipher } from "../../lib/crypto";

export type ConnectionRow = typeof connections.$inferSelect;
export type UserTokenKind = "update" | "restore";

export const updateTokenContext = (id: string) => `connection:${id}:update-token`;
export const restoreTokenContext = (id: string) => `connection:${id}:restore-token`;
export const publicTokenContext = (id: string) => `connection:${id}:public-token`;
export const credentialsContext = (id: string) => `connection:${id}:credentials`;

/**
 * The row's update or restore token while it lives, else null. A NULL expiry (a token issued before tokens
 * expired) counts as live, as Link counts it when the token is used: the status never hides a token Link accepts.
 */
export function liveUserToken(row: ConnectionRow, kind: UserTokenKind, cipher: Cipher, now: Date): string | null {
  const [sealed, expiresAt, context] =
    kind === "update"
      ? [row.updateTokenEnc, row.updateTokenExpiresAt, updateTokenContext(row.id)]
      : [row.restoreTokenEnc, row.restoreTokenExpiresAt, restoreTokenContext(row.id)];
  if (!sealed || (expiresAt && expiresAt.getTime() <= now.getTime())) return null;
  return cipher.decrypt(sealed, context);
}

/** A connection row as the API shows it at `now`; live update and restore tokens are decrypted for display. */
export function toConnection(row: ConnectionRow, cipher: Cipher, now: Date): Connection {
  return {
    connectionId: row.id,
    status: row.status as Connection["status"],
    errorDetails: (row.errorDetails as ErrorDetails | null) ?? null,
    entity: row.entityId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSync: row.lastSync?.toISOString() ?? null,
    updateToken: liveUserToken(row, "update", cipher, now),
    restoreToken: liveUserToken(row, "restore", cipher, now),
    twoFactorEnabled: row.twoFactorEnabled,
    hasCredentials: row.credentialsEnc !== null,
    externalId: row.externalId,
  };
}
