import { and, eq, isNull, lt } from "drizzle-orm";
import { linkStates } from "../../db/schema";
import { randomSecret, sha256 } from "../../lib/crypto";
import { badRequest } from "../../lib/problem";
import type { Services } from "../../services";

/** A state lives as long as the start token it goes with (start-flow's 15 minutes). */
export const STATE_TTL_MS = 15 * 60_000;

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
