import { PENDING_TOKENS_MAX, type PendingPublicToken } from "@finlink/contracts";
import { and, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import type { Database, Db, Sql } from "../../db/database";
import { connections } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import {
  type ConnectionRow,
  type ConnectionViewRow,
  connectionViewColumns,
  credentialsContext,
  publicTokenContext,
} from "./connection-view";
import { ViewCache } from "./view-cache";

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

const connectionNotFound = () =>
  notFound("Connection not found with the given connection token for the current app", {
    reason: "CONNECTION_NOT_FOUND",
  });

// Both lookups go by the token's hash alone, the unique index, and check the app and the revocation on the row:
// PGlite never analyzes its tables (no autovacuum), and without statistics the planner took the
// (app_id, external_id) index for `hash = … and app_id = …` and filtered every connection of the app.
const viewStatement = (db: Db) =>
  db
    .select({ ...connectionViewColumns, appId: connections.appId, revokedAt: connections.revokedAt })
    .from(connections)
    .where(eq(connections.connectionTokenHash, sql.placeholder("tokenHash")))
    .prepare("connection_view_by_token");
const viewStatements = new WeakMap<Db, ReturnType<typeof viewStatement>>();

const activeOf = <R extends { appId: string; revokedAt: Date | null }>(row: R | undefined, appId: string): R => {
  if (!row || row.appId !== appId || row.revokedAt !== null) throw connectionNotFound();
  return row;
};

type ViewLookupRow = Awaited<ReturnType<ReturnType<typeof viewStatement>["execute"]>>[number];
const viewCaches = new WeakMap<Database, ViewCache<ViewLookupRow>>();

/**
 * `findByConnectionToken`, narrowed to the columns of the API's view, as a statement built once per database
 * (prepared on each PostgreSQL connection once): what the status endpoint, polled by every integrator, reads.
 * On PGlite, where this process makes every write, the row comes from memory while nothing has run since it
 * was read (`ViewCache`); on PostgreSQL, where other processes write, every call reads it.
 */
export async function findConnectionView(
  database: Database,
  appId: string,
  connectionToken: string,
): Promise<ConnectionViewRow> {
  let statement = viewStatements.get(database.reads);
  if (!statement) {
    statement = viewStatement(database.reads);
    viewStatements.set(database.reads, statement);
  }
  const prepared = statement;
  const tokenHash = sha256(connectionToken);
  const load = async () => (await prepared.execute({ tokenHash }))[0];
  let cache = viewCaches.get(database);
  if (!cache && database.writes) {
    cache = new ViewCache(database.writes);
    viewCaches.set(database, cache);
  }
  return activeOf(cache ? await cache.read(tokenHash, load) : await load(), appId);
}

/** The active (exchanged, not revoked) connection of `appId` that `connectionToken` opens, or 404. */
export async function findByConnectionToken(db: Db, appId: string, connectionToken: string): Promise<ConnectionRow> {
  const [row] = await db
    .select()
    .from(connections)
    .where(eq(connections.connectionTokenHash, sha256(connectionToken)));
  return activeOf(row, appId);
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
