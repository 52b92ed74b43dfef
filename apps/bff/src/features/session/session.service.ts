import type { BffUser } from "@finlink/contracts";
import { and, eq, gt, lt, or } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { randomSecret, sha256 } from "../../lib/crypto";
import type { Services } from "../../services";

/** A session ends after 12 hours without a request… */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** …and 7 days after sign-in, however active. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** `last_seen_at` is written at most this often: a tab polling every second must not write every second. */
const TOUCH_EVERY_MS = 60_000;

/** What a name shows: without format characters (Unicode Cf), trimmed, NFC. */
export const visibleName = (raw: string) =>
  raw
    .replace(/\p{Cf}/gu, "")
    .trim()
    .normalize("NFC");

/**
 * The user with this name, created on first sign-in: the demo's stand-in for real accounts. The name is
 * trimmed, NFC-normalised and loses its format characters (zero-width spaces, direction overrides), so two
 * names that look the same are the same user.
 */
export async function userNamed(services: Services, rawName: string): Promise<BffUser> {
  const name = visibleName(rawName);
  const { db } = services.database;
  await db.insert(users).values({ id: crypto.randomUUID(), name }).onConflictDoNothing({ target: users.name });
  const [user] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.name, name));
  if (!user) throw new Error("the user just upserted is missing");
  return user;
}

/** A new session for `userId`; answers its id (for the cookie). Expired sessions are swept on the way. */
export async function openSession(services: Services, userId: string): Promise<string> {
  const now = services.now();
  const id = randomSecret();
  const { db } = services.database;
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))));
  await db.insert(sessions).values({
    idHash: sha256(id),
    userId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
  });
  return id;
}

/** The user of a live session, or null (unknown, idle too long, or past its end). */
export async function sessionUser(services: Services, idHash: string): Promise<BffUser | null> {
  const now = services.now();
  const { db } = services.database;
  const [row] = await db
    .select({ id: users.id, name: users.name, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, idHash),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    );
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { id: row.id, name: row.name };
}

export async function closeSession(services: Services, idHash: string): Promise<void> {
  await services.database.db.delete(sessions).where(eq(sessions.idHash, idHash));
}
