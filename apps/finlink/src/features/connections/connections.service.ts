import { and, eq, isNull } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import type { Db, Sql } from "../../db/database";
import { connections } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { type ConnectionRow, credentialsContext } from "./connection-view";

/** A publicToken lives 30 minutes and is exchanged once. */
export const PUBLIC_TOKEN_TTL_MS = 30 * 60_000;

export interface NewConnection {
  appId: string;
  entityId: string;
  externalId: string | null;
  credentials: Credentials;
  twoFactor: boolean;
}

/**
 * Creates a PENDING connection with a fresh publicToken and sends its first extraction, all in the
 * caller's transaction. Used by Link's finish step and by the sandbox API.
 */
export async function createConnection(
  services: Services,
  tx: Db,
  sql: Sql,
  input: NewConnection,
): Promise<{ connectionId: string; publicToken: string }> {
  const id = crypto.randomUUID();
  const publicToken = randomToken("public");
  const now = services.now();
  await tx.insert(connections).values({
    id,
    appId: input.appId,
    entityId: input.entityId,
    externalId: input.externalId,
    status: "PENDING",
    publicTokenHash: sha256(publicToken),
    publicTokenExpiresAt: new Date(now.getTime() + PUBLIC_TOKEN_TTL_MS),
    credentialsEnc: services.cipher.encryptJson(input.credentials, credentialsContext(id)),
    twoFactorEnabled: input.twoFactor,
    syncRun: 1,
    createdAt: now,
    updatedAt: now,
  });
  await services.jobs.sendExtraction(sql, { connectionId: id, run: 1 });
  return { connectionId: id, publicToken };
}

/** The active (exchanged, not revoked) connection of `appId` that `connectionToken` opens, or 404. */
export async function findByConnectionToken(db: Db, appId: string, connectionToken: string): Promise<ConnectionRow> {
  const [row] = await db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.connectionTokenHash, sha256(connectionToken)),
        eq(connections.appId, appId),
        isNull(connections.revokedAt),
      ),
    );
  if (!row) throw notFound("Connection not found with the given connection token for the current app");
  return row;
}
