import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
import { linkStates } from "../../db/schema";
import { randomSecret, sha256 } from "../../lib/crypto";
import { badRequest, tooManyRequests } from "../../lib/problem";
import type { Services } from "../../services";

/** A state lives as long as the start token it goes with (start-flow's 15 minutes). */
export const STATE_TTL_MS = 15 * 60_000;

/**
 * Link flows one user may have open (started, not finished, not expired): each start is a Finlink start-flow
 * call and a stored row, and a person opens Link a few times per connection. Beyond it: 429 until the oldest
 * expires.
 */
export const MAX_OPEN_STATES = 20;

export type LinkStateRow = typeof linkStates.$inferSelect;

/** One refusal for every bad state — unknown, another user's, expired, used, of the other kind — so none is told apart. */
const invalidState = () =>
  badRequest("This Link result is not valid for you any more: start again from the app", "INVALID_STATE");

/** A new one-time state for `userId` (an update's names its connection); answers the value to send to start-flow. */
export async function createState(
  services: Services,
  input: { userId: string; operation: "CONNECT" | "UPDATE"; connectionId?: string },
): Promise<string> {
  const now = services.now();
  const state = randomSecret();
  const { db } = services.database;
  await db.delete(linkStates).where(lt(linkStates.expiresAt, now));
  const open = await db
    .select({ expiresAt: linkStates.expiresAt })
    .from(linkStates)
    .where(and(eq(linkStates.userId, input.userId), isNull(linkStates.usedAt), gt(linkStates.expiresAt, now)))
    .orderBy(asc(linkStates.expiresAt));
  const oldest = open[0];
  if (open.length >= MAX_OPEN_STATES && oldest) {
    const retryAfter = Math.max(1, Math.ceil((oldest.expiresAt.getTime() - now.getTime()) / 1000));
    throw tooManyRequests(
      `You have ${open.length} Link flows open: finish one, or try again in ${Math.ceil(retryAfter / 60)} minutes`,
      "TOO_MANY_LINK_FLOWS",
      retryAfter,
    );
  }
  await db.insert(linkStates).values({
    id: crypto.randomUUID(),
    stateHash: sha256(state),
    userId: input.userId,
    operation: input.operation,
    connectionId: input.connectionId ?? null,
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
  });
  return state;
}

/** The state row if `state` is `userId`'s, of `operation`, unexpired and unused; 400 `INVALID_STATE` otherwise. */
export async function usableState(
  services: Services,
  userId: string,
  state: string,
  operation: "CONNECT" | "UPDATE",
): Promise<LinkStateRow> {
  const [row] = await services.database.db
    .select()
    .from(linkStates)
    .where(eq(linkStates.stateHash, sha256(state)));
  const usable =
    row &&
    row.userId === userId &&
    row.operation === operation &&
    row.usedAt === null &&
    row.expiresAt.getTime() > services.now().getTime();
  if (!usable) throw invalidState();
  return row;
}

/** Marks the state used (once its operation succeeded); false when another request did first. */
export async function markUsed(services: Services, id: string): Promise<boolean> {
  const used = await services.database.db
    .update(linkStates)
    .set({ usedAt: services.now() })
    .where(and(eq(linkStates.id, id), isNull(linkStates.usedAt)))
    .returning({ id: linkStates.id });
  return used.length > 0;
}
