import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Database, Db } from "../../db/database";
import { appClientSecrets } from "../../db/schema";
import { hashSecret, randomToken } from "../../lib/crypto";
import { SettingsError } from "./settings-error";

/** Live (un-revoked) client secrets an app may hold at once, as Vumi's App Settings allow. */
export const MAX_CLIENT_SECRETS = 5;

export interface ClientSecretInfo {
  id: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The app's secrets, oldest first: ids and dates only (the hashes stay in the database). */
export async function listClientSecrets(database: Database, appId: string): Promise<ClientSecretInfo[]> {
  return database.db
    .select({ id: appClientSecrets.id, createdAt: appClientSecrets.createdAt, revokedAt: appClientSecrets.revokedAt })
    .from(appClientSecrets)
    .where(eq(appClientSecrets.appId, appId))
    .orderBy(asc(appClientSecrets.createdAt), asc(appClientSecrets.id));
}

/** The hashes API login checks a secret against: the app's live ones. */
export async function liveSecretHashes(db: Db, appId: string): Promise<{ id: string; secretHash: string }[]> {
  return db
    .select({ id: appClientSecrets.id, secretHash: appClientSecrets.secretHash })
    .from(appClientSecrets)
    .where(and(eq(appClientSecrets.appId, appId), isNull(appClientSecrets.revokedAt)));
}

/** Stores a secret's hash for the app (inside the caller's transaction); no limit check. */
export async function insertClientSecret(db: Db, appId: string, secret: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(appClientSecrets).values({ id, appId, secretHash: hashSecret(secret) });
  return id;
}

/**
 * Makes a new client secret for the app and answers it — the only time it is seen. Refused (`SettingsError`)
 * when the app already holds `MAX_CLIENT_SECRETS` live ones: revoke one first. The count and the insert run
 * under a lock on the app's row, so two at once cannot make a sixth.
 */
export async function createClientSecret(database: Database, appId: string): Promise<{ id: string; secret: string }> {
  const secret = randomToken("clientSecret");
  const id = await database.transaction(async (tx, sql) => {
    await sql.query("select 1 from apps where id = $1 for update", [appId]);
    const [live] = await tx
      .select({ n: count() })
      .from(appClientSecrets)
      .where(and(eq(appClientSecrets.appId, appId), isNull(appClientSecrets.revokedAt)));
    if ((live?.n ?? 0) >= MAX_CLIENT_SECRETS) {
      throw new SettingsError(`An app holds at most ${MAX_CLIENT_SECRETS} client secrets: revoke one first`);
    }
    return insertClientSecret(tx, appId, secret);
  });
  return { id, secret };
}

/** Revokes one of the app's secrets: API login refuses it from now on (tokens it got expire on their own). */
export async function revokeClientSecret(database: Database, appId: string, secretId: string, now: Date) {
  const revoked = await database.db
    .update(appClientSecrets)
    .set({ revokedAt: now })
    .where(
      and(eq(appClientSecrets.id, secretId), eq(appClientSecrets.appId, appId), isNull(appClientSecrets.revokedAt)),
    )
    .returning({ id: appClientSecrets.id });
  if (revoked.length === 0) throw new SettingsError("This app has no live client secret with that id");
}
