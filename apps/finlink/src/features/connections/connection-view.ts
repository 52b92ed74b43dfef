import type { Connection, ErrorDetails } from "@finlink/contracts";
import type { connections } from "../../db/schema";
import type { Cipher } from "../../lib/crypto";

export type ConnectionRow = typeof connections.$inferSelect;
export type UserTokenKind = "update" | "restore";

export const updateTokenContext = (id: string) => `connection:${id}:update-token`;
export const restoreTokenContext = (id: string) => `connection:${id}:restore-token`;
export const publicTokenContext = (id: string) => `connection:${id}:public-token`;
export const connectionTokenContext = (id: string) => `connection:${id}:connection-token`;
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

/**
 * The connectionToken, shown as Vumi's `credentialsToken`; null for a connection exchanged before the
 * token was kept (encrypted) beside its hash — no copy of it exists. A revoke empties the column.
 */
function credentialsToken(row: ConnectionRow, cipher: Cipher): string | null {
  return row.connectionTokenEnc ? cipher.decrypt(row.connectionTokenEnc, connectionTokenContext(row.id)) : null;
}

/** Told of a sealed token that no longer opens (a changed key, a damaged row): it is shown as null. */
export type OnUnreadable = (field: "credentialsToken" | "updateToken" | "restoreToken", error: unknown) => void;

/** `read()`, or null when the sealed value cannot be opened: one damaged row must not fail a whole list. */
function readable<T>(field: Parameters<OnUnreadable>[0], read: () => T | null, onUnreadable: OnUnreadable): T | null {
  try {
    return read();
  } catch (error) {
    onUnreadable(field, error);
    return null;
  }
}

/**
 * A connection row as the API shows it at `now`; its tokens are decrypted for display. A token that cannot
 * be decrypted shows as null and is reported to `onUnreadable` (the caller logs it), instead of a 500.
 */
export function toConnection(row: ConnectionRow, cipher: Cipher, now: Date, onUnreadable: OnUnreadable): Connection {
  return {
    credentialsToken: readable("credentialsToken", () => credentialsToken(row, cipher), onUnreadable),
    connectionId: row.id,
    status: row.status as Connection["status"],
    errorDetails: (row.errorDetails as ErrorDetails | null) ?? null,
    entity: row.entityId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSync: row.lastSync?.toISOString() ?? null,
    updateToken: readable("updateToken", () => liveUserToken(row, "update", cipher, now), onUnreadable),
    restoreToken: readable("restoreToken", () => liveUserToken(row, "restore", cipher, now), onUnreadable),
    twoFactorEnabled: row.twoFactorEnabled,
    hasCredentials: row.credentialsEnc !== null,
    externalId: row.externalId,
  };
}
