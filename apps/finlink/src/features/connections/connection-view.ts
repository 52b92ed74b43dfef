import type { Connection, ErrorDetails } from "@finlink/contracts";
import { sql } from "drizzle-orm";
import { connections } from "../../db/schema";
import type { Cipher } from "../../lib/crypto";

export type ConnectionRow = typeof connections.$inferSelect;

/**
 * The columns a connection's API view is made of, and no more: the status endpoint is polled by every
 * integrator, and the rest of the row (credentials, the exchange's stored answer, hashes) is read and
 * parsed for nothing.
 */
export const connectionViewColumns = {
  id: connections.id,
  status: connections.status,
  errorDetails: connections.errorDetails,
  entityId: connections.entityId,
  externalId: connections.externalId,
  createdAt: connections.createdAt,
  updatedAt: connections.updatedAt,
  lastSync: connections.lastSync,
  connectionTokenEnc: connections.connectionTokenEnc,
  updateTokenEnc: connections.updateTokenEnc,
  updateTokenExpiresAt: connections.updateTokenExpiresAt,
  restoreTokenEnc: connections.restoreTokenEnc,
  restoreTokenExpiresAt: connections.restoreTokenExpiresAt,
  twoFactorEnabled: connections.twoFactorEnabled,
  hasCredentials: sql<boolean>`${connections.credentialsEnc} is not null`.mapWith(Boolean),
};

/** A row as `connectionViewColumns` selects it. */
export type ConnectionViewRow = Pick<ConnectionRow, Exclude<keyof typeof connectionViewColumns, "hasCredentials">> & {
  hasCredentials: boolean;
};
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
export function liveUserToken(
  row: Pick<
    ConnectionRow,
    "id" | "updateTokenEnc" | "updateTokenExpiresAt" | "restoreTokenEnc" | "restoreTokenExpiresAt"
  >,
  kind: UserTokenKind,
  cipher: Cipher,
  now: Date,
): string | null {
  const [sealed, expiresAt, context] =
    kind === "update"
      ? [row.updateTokenEnc, row.updateTokenExpiresAt, updateTokenContext(row.id)]
      : [row.restoreTokenEnc, row.restoreTokenExpiresAt, restoreTokenContext(row.id)];
  if (!sealed || (expiresAt && expiresAt.getTime() <= now.getTime())) return null;
  return opened(cipher, sealed, context);
}

/** How many decrypted tokens a process keeps, by their sealed form (the oldest is forgotten first). */
export const OPENED_TOKENS_MAX = 10_000;
const openedBy = new WeakMap<Cipher, Map<string, string>>();

/**
 * `cipher.decrypt`, remembered: a sealed value never changes (a new token is a new one, with its own IV), and
 * the status of one connection, polled over and over, decrypts the same two or three. A value that does not
 * open is not remembered: it throws every time.
 */
function opened(cipher: Cipher, sealed: string, context: string): string {
  let known = openedBy.get(cipher);
  if (!known) {
    known = new Map();
    openedBy.set(cipher, known);
  }
  const key = `${context} ${sealed}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const plain = cipher.decrypt(sealed, context);
  if (known.size >= OPENED_TOKENS_MAX) {
    const oldest = known.keys().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
  known.set(key, plain);
  return plain;
}

/**
 * The connectionToken, shown as Vumi's `credentialsToken`; null for a connection exchanged before the
 * token was kept (encrypted) beside its hash — no copy of it exists. A revoke empties the column.
 */
function credentialsToken(row: Pick<ConnectionRow, "id" | "connectionTokenEnc">, cipher: Cipher): string | null {
  return row.connectionTokenEnc ? opened(cipher, row.connectionTokenEnc, connectionTokenContext(row.id)) : null;
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
export function toConnection(
  row: ConnectionViewRow,
  cipher: Cipher,
  now: Date,
  onUnreadable: OnUnreadable,
): Connection {
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
    hasCredentials: row.hasCredentials,
    externalId: row.externalId,
  };
}

interface KeptView {
  connection: Connection;
  /** The view holds for `from <= now < until`: between the token expiries on either side of when it was made. */
  from: number;
  until: number;
}
const keptViews = new WeakMap<ConnectionViewRow, KeptView>();

/**
 * `toConnection`, made once per row object and kept with it while `now` stays between the same token expiries:
 * a row the status cache hands out again is not decrypted again. A view with an unreadable token is never
 * kept, so every request reports it as before.
 */
export function connectionOf(
  row: ConnectionViewRow,
  cipher: Cipher,
  now: Date,
  onUnreadable: OnUnreadable,
): Connection {
  const at = now.getTime();
  const kept = keptViews.get(row);
  if (kept && kept.from <= at && at < kept.until) return kept.connection;
  let unreadable = false;
  const connection = toConnection(row, cipher, now, (field, error) => {
    unreadable = true;
    onUnreadable(field, error);
  });
  if (!unreadable) {
    const expiries = [row.updateTokenExpiresAt, row.restoreTokenExpiresAt].flatMap((d) => (d ? [d.getTime()] : []));
    keptViews.set(row, {
      connection,
      from: Math.max(Number.NEGATIVE_INFINITY, ...expiries.filter((e) => e <= at)),
      until: Math.min(Number.POSITIVE_INFINITY, ...expiries.filter((e) => e > at)),
    });
  }
  return connection;
}
