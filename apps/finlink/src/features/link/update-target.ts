import { and, eq, gt, isNull, or } from "drizzle-orm";
import { type Credentials, identityField, REDIRECT_USER_KEY } from "../../connectors/connector";
import { connections } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { credentialsContext, restoreTokenContext, updateTokenContext } from "../connections/connection-view";

export type UpdateKind = "update" | "restore";

/**
 * An update or restore token by reference: its SHA-256, the way the connection row keeps it. A start
 * token carries this, never the token itself — its payload is signed, not encrypted, and sits in a URL.
 */
export interface UpdateRef {
  kind: UpdateKind;
  hash: string;
}

/** The reference of an update or restore token the user or the integrator gave. */
export const updateRefOf = (kind: UpdateKind, token: string): UpdateRef => ({ kind, hash: sha256(token) });

/** The connection an update or restore Link flow signs in again, and the username it must keep. */
export interface UpdateTarget {
  connectionId: string;
  entityId: string;
  /** Null when the connection has no credentials left (a reset login clears them). */
  fixedUsername: string | null;
  /** The token itself: the redirect back carries it, as Vumi's does. */
  token: string;
}

const COLUMNS = {
  update: {
    hash: connections.updateTokenHash,
    enc: connections.updateTokenEnc,
    expiresAt: connections.updateTokenExpiresAt,
    context: updateTokenContext,
  },
  restore: {
    hash: connections.restoreTokenHash,
    enc: connections.restoreTokenEnc,
    expiresAt: connections.restoreTokenExpiresAt,
    context: restoreTokenContext,
  },
};

/**
 * The active connection of `appId` that an update or restore token names, or 404 `UNKNOWN_TOKEN` — also
 * for a token past its expiry (valid while now < expiresAt; rows from before expiries existed have none
 * and stay valid).
 */
export async function findUpdateTarget(services: Services, appId: string, ref: UpdateRef): Promise<UpdateTarget> {
  const column = COLUMNS[ref.kind];
  const [row] = await services.database.db
    .select({
      id: connections.id,
      entityId: connections.entityId,
      credentialsEnc: connections.credentialsEnc,
      tokenEnc: column.enc,
    })
    .from(connections)
    .where(
      and(
        eq(column.hash, ref.hash),
        eq(connections.appId, appId),
        isNull(connections.revokedAt),
        or(isNull(column.expiresAt), gt(column.expiresAt, services.now())),
      ),
    );
  if (!row?.tokenEnc) {
    throw notFound(`The ${ref.kind} token does not match a connection of this app`, { reason: "UNKNOWN_TOKEN" });
  }
  const credentials = row.credentialsEnc
    ? services.cipher.decryptJson<Credentials>(row.credentialsEnc, credentialsContext(row.id))
    : undefined;
  // The user is whatever the entity's form names them by (a username, a DNI): a connector we no longer
  // reach fixes nothing, and its sign-in fails anyway.
  const found = services.connectors.find(row.entityId);
  const field = found && identityField(found.entity);
  // A redirect entity has no form: its consent names the bank's user (`REDIRECT_USER_KEY`), when it does.
  const user =
    found?.entity.signIn === "REDIRECT" ? credentials?.[REDIRECT_USER_KEY] : field && credentials?.[field.name];
  return {
    connectionId: row.id,
    entityId: row.entityId,
    fixedUsername: user || null,
    token: services.cipher.decrypt(row.tokenEnc, column.context(row.id)),
  };
}
