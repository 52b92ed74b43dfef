import type { Challenge, LinkLang, LinkOperation, LinkStep, LinkTheme, Product } from "@finlink/contracts";
import { and, eq, lt, ne } from "drizzle-orm";
import type { Db } from "../../db/database";
import { linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { ApiError, conflict } from "../../lib/problem";
import type { Services } from "../../services";

/** The widget sends its session token in this header; it keeps the token in memory only (no cookies). */
export const LINK_SESSION_HEADER = "X-Link-Session";
/** Its name as an OpenAPI security scheme (registered by the router). */
export const LINK_SESSION_SCHEME = "linkSession";
export const SESSION_TTL_MS = 30 * 60_000;
/** Failed credential attempts before the session locks. */
export const MAX_FAILED_ATTEMPTS = 5;

export type SessionRow = typeof linkSessions.$inferSelect;

/** What the session was started with (the `params` column). */
export interface SessionParams {
  product: Product;
  externalId: string | null;
  state: string | null;
  lang: LinkLang | null;
  theme: LinkTheme | null;
  /** Update and restore flows: `Sealed`, encrypted under `sessionContext(id, "params")`. */
  sealed: string | null;
  /** Link was opened for one entity (`entity`, or a start token naming one): no other is offered or accepted. */
  entityFixed?: boolean;
  /** start-flow's `desiredOwners`, for the connection this session creates (absent in older sessions). */
  desiredOwners?: string[] | null;
}

/** The secret part of an update or restore start: the token goes back on the redirect, the username is fixed. */
export interface Sealed {
  token: string;
  fixedUsername: string | null;
}

/** The connector's state between MFA steps, with the challenge it asked (`connector_state_enc`). */
export interface PendingChallenge {
  state: unknown;
  challenge: Challenge;
}

/**
 * The challenge as Link sees it: an OTP's `attemptsLeft` is the fewer of what the entity allows and what the
 * session's own limit leaves (`MAX_FAILED_ATTEMPTS`), so the number shown is never more than the server allows.
 */
export function sessionChallenge(challenge: Challenge, failedAttempts: number): Challenge {
  if (challenge.type !== "OTP") return challenge;
  const sessionLeft = Math.max(0, MAX_FAILED_ATTEMPTS - failedAttempts);
  return { ...challenge, attemptsLeft: Math.min(challenge.attemptsLeft ?? sessionLeft, sessionLeft) };
}

/** Encryption contexts of a session's columns: a value copied into another session fails to decrypt. */
export const sessionContext = (id: string, part: "credentials" | "state" | "params" | "redirect") =>
  `link-session:${id}:${part}`;

export const sessionParams = (session: SessionRow) => session.params as SessionParams;
/**
 * While a sign-in call asks the connector, the row's step is `SIGNING_IN:<step it was claimed from>:<claim id>`
 * (see `claimSignIn`): one call at a time per session. It is never shown: readers see the claimed-from step.
 */
export const SIGNING_IN = "SIGNING_IN:";
/** A claim older than this (by `updated_at`) is taken to be abandoned (a crashed call) and may be claimed again. */
export const SIGN_IN_CLAIM_STALE_MS = 60_000;

/** The step a `SIGNING_IN:…` value was claimed from; null for any other step. */
export function claimedFrom(step: string): LinkStep | null {
  return step.startsWith(SIGNING_IN) ? (step.slice(SIGNING_IN.length).split(":")[0] as LinkStep) : null;
}

export const sessionStep = (session: SessionRow) => claimedFrom(session.step) ?? (session.step as LinkStep);
export const sessionOperation = (session: SessionRow) => session.operation as LinkOperation;

/** The only entity this session may sign in to (an update's, or the one it was opened for), or null for any. */
export function fixedEntityId(session: SessionRow): string | null {
  const fixed = sessionOperation(session) === "UPDATE" || sessionParams(session).entityFixed === true;
  return fixed ? session.entityId : null;
}

export function readSealed(services: Services, session: SessionRow): Sealed | null {
  const { sealed } = sessionParams(session);
  return sealed ? services.cipher.decryptJson<Sealed>(sealed, sessionContext(session.id, "params")) : null;
}

export function readChallenge(services: Services, session: SessionRow): PendingChallenge | null {
  if (sessionStep(session) !== "MFA" || !session.connectorStateEnc) return null;
  return services.cipher.decryptJson<PendingChallenge>(session.connectorStateEnc, sessionContext(session.id, "state"));
}

export const sessionEnded = () => conflict("This Link session has ended", { reason: "SESSION_DONE" });

/** The user refused at the bank: that ends the sign-in, the session may only exit (with `USER_DENIED`). */
export const signInDenied = () =>
  conflict("The sign-in was refused at the bank: leave and start again from the app", { reason: "SIGN_IN_DENIED" });

/** The live session the `X-Link-Session` token opens; 401 `SESSION_EXPIRED` otherwise. */
export async function authenticateSession(services: Services, token: string | undefined): Promise<SessionRow> {
  const [session] = token
    ? await services.database.db
        .select()
        .from(linkSessions)
        .where(eq(linkSessions.tokenHash, sha256(token)))
    : [];
  if (!session || session.expiresAt.getTime() <= services.now().getTime()) throw sessionExpired();
  return session;
}

export const sessionExpired = () =>
  new ApiError(401, "Unauthorized", "The Link session is missing or expired: open Link again", {
    reason: "SESSION_EXPIRED",
  });

/** A session not yet DONE: a request still in flight when the session ends must not bring it back. */
export const liveSession = (id: string) => and(eq(linkSessions.id, id), ne(linkSessions.step, "DONE"));

export async function saveSession(db: Db, id: string, values: Partial<typeof linkSessions.$inferInsert>, now: Date) {
  await db
    .update(linkSessions)
    .set({ ...values, updatedAt: now })
    .where(liveSession(id));
}

/**
 * Ends a session — step DONE, credentials, connector state, a pending redirect and sealed tokens emptied, so nothing of the
 * user's sign-in outlives it. Only from `from` (or any live step); false when another request got there first.
 */
export async function closeSession(db: Db, session: SessionRow, now: Date, from?: LinkStep): Promise<boolean> {
  const closed = await db
    .update(linkSessions)
    .set({
      step: "DONE",
      credentialsEnc: null,
      connectorStateEnc: null,
      redirectStateHash: null,
      redirectEnc: null,
      redirectExpiresAt: null,
      redirectTicketHash: null,
      redirectBindingHash: null,
      params: { ...sessionParams(session), sealed: null },
      updatedAt: now,
    })
    .where(from ? and(eq(linkSessions.id, session.id), eq(linkSessions.step, from)) : liveSession(session.id))
    .returning({ id: linkSessions.id });
  return closed.length > 0;
}

/**
 * Deletes expired sessions: an abandoned sign-in's encrypted credentials must not linger. Run by the hourly
 * housekeeping job; answers how many went.
 */
export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(linkSessions)
    .where(lt(linkSessions.expiresAt, now))
    .returning({ id: linkSessions.id });
  return deleted.length;
}
