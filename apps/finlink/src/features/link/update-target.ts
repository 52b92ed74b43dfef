import { and, eq, isNull } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import { connections } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { credentialsContext } from "../connections/connection-view";

export type UpdateKind = "update" | "restore";

/** The connection an update or restore Link flow signs in again, and the username it must keep. */
export interface UpdateTarget {
  connectionId: string;
  entityId: string;
  /** Null when the connection has no credentials left (a reset login clears them). */
  fixedUsername: string | null;
}

/** The active connection of `appId` that an update or restore token names, or 404 `UNKNOWN_TOKEN`. */
export async function findUpdateTarget(
  services: Services,
  appId: string,
  kind: UpdateKind,
  token: string,
): Promise<UpdateTarget> {
  const column = kind === "update" ? connections.updateTokenHash : connections.restoreTokenHash;
  const [row] = await services.database.db
    .select({ id: connections.id, entityId: connections.entityId, credentialsEnc: connections.credentialsEnc })
    .from(connections)
    .where(and(eq(column, sha256(token)), eq(connections.appId, appId), isNull(connections.revokedAt)));
  if (!row) throw notFound(`The ${kind} token does not match a connection of this app`, { reason: "UNKNOWN_TOKEN" });
  const credentials = row.credentialsEnc
    ? services.cipher.decryptJson<Credentials>(row.credentialsEnc, credentialsContext(row.id))
    : undefined;
  return { connectionId: row.id, entityId: row.entityId, fixedUsername: credentials?.username ?? null };
}
