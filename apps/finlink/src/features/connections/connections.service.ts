import { PENDING_TOKENS_MAX, type PendingPublicToken } from "@finlink/contracts";
import { and, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import type { Db, Sql } from "../../db/database";
import { connections } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { type ConnectionRow, credentialsContext, publicTokenContext } from "./connection-view";

/** A publicToken lives 30 minutes and is exchanged once. */
export const PUBLIC_TOKEN_TTL_MS = 30 * 60_000;

export interface NewConnection {
  appId: string;
  entityId: string;
  externalId: string | null;
  credentials: Credentials;
  twoFactor: boolean;
  /** start-flow's `desiredOwners`: every extraction keeps only these holders' accounts and portfolios. */
  desiredOwners?: string[] | null;
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
    // Kept encrypted until the exchange so `pending` can answer this very token: issuing another would
    // break the exchange of the one already on its way in the redirect.
    publicTokenEnc: services.cipher.encrypt(publicToken, publicTokenContext(id)),
    publicTokenExpiresAt: new Date(now.getTime() + PUBLIC_TOKEN_TTL_MS),
    credentialsEnc: services.cipher.encryptJson(input.credentials, credentialsContext(id)),
    twoFactorEnabled: input.twoFactor,
    desiredOwners: input.desiredOwners ?? null,
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
  if (!row)
    throw notFound("Connection not found with the given connection token for the current app", {
      reason: "CONNECTION_NOT_FOUND",
    });
  return row;
}

/**
 * The app's publicTokens still waiting for their exchange, the very tokens Link issued, newest first and at
 * most `PENDING_TOKENS_MAX`. Expired ones are left out (their exchange can only answer 404), and so are rows
 * from before tokens were kept encrypted: no copy exists, and their token on the redirect still exchanges.
 */
export async function listPendingTokens(
  services: Services,
  appId: string,
  externalId: string | undefined,
): Promise<PendingPublicToken[]> {
  const filters = [
    eq(connections.appId, appId),
    isNull(connections.exchangedAt),
    isNull(connections.revokedAt),
    isNotNull(connections.publicTokenEnc),
    gt(connections.publicTokenExpiresAt, services.now()),
  ];
  if (externalId !== undefined) filters.push(eq(connections.externalId, externalId));
  const rows = await services.database.db
    .select({
      id: connections.id,
      externalId: connections.externalId,
      createdAt: connections.createdAt,
      publicTokenEnc: connections.publicTokenEnc,
    })
    .from(connections)
    .where(and(...filters))
    .orderBy(desc(connections.createdAt), desc(connections.id))
    .limit(PENDING_TOKENS_MAX);
  return rows.flatMap(({ id, publicTokenEnc, externalId, createdAt }) =>
    publicTokenEnc
      ? [
          {
            publicToken: services.cipher.decrypt(publicTokenEnc, publicTokenContext(id)),
            externalId,
            createdAt: createdAt.toISOString(),
          },
        ]
      : [],
  );
}
