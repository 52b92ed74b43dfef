import { randomUUID } from "node:crypto";
import type { LinkSignInResponse, LinkStep } from "@finlink/contracts";
import { and, eq, gt, inArray, like, lt, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { LoginStep } from "../../connectors/connector";
import { linkSessions } from "../../db/schema";
import { ApiError, conflict } from "../../lib/problem";
import type { Services } from "../../services";
import {
  claimedFrom,
  MAX_FAILED_ATTEMPTS,
  type PendingChallenge,
  type SessionRow,
  SIGN_IN_CLAIM_STALE_MS,
  SIGNING_IN,
  sessionChallenge,
  sessionContext,
  sessionEnded,
  sessionExpired,
  sessionStep,
  signInDenied,
} from "./link-session";

// One sign-in step at a time per session: a step claims the row, asks the connector, then settles the outcome.

type Progress = Exclude<LoginStep, { kind: "error" }>;

export const tooManyAttempts = () =>
  new ApiError(429, "Too Many Requests", "Too many failed attempts: open Link again", {
    reason: "TOO_MANY_ATTEMPTS",
  });
const signInInProgress = () =>
  conflict("Another sign-in step of this session is under way: try again when it ends", {
    reason: "SIGN_IN_IN_PROGRESS",
    retryable: true,
  });

/** A session this call holds: `step` is the `SIGNING_IN:…` value it wrote; `from` the step it claimed it from. */
export interface Claim {
  row: SessionRow;
  step: string;
  from: LinkStep;
  settled: boolean;
}

/** Why a claim was refused (or lost), from the row as it is now. */
async function refusal(services: Services, id: string, otherwise: () => ApiError): Promise<ApiError> {
  const [row] = await services.database.db.select().from(linkSessions).where(eq(linkSessions.id, id));
  if (!row || row.expiresAt.getTime() <= services.now().getTime()) return sessionExpired();
  if (row.step === "DONE") return sessionEnded();
  if (row.step === "LOCKED" || row.failedAttempts >= MAX_FAILED_ATTEMPTS) return tooManyAttempts();
  if (row.signInDenied) return signInDenied();
  if (claimedFrom(row.step)) return signInInProgress();
  return otherwise();
}

/**
 * Takes the session for one sign-in step, in one conditional UPDATE: only from a step in `from`, under the
 * attempt limit, not expired, and not held by another call (unless that claim is stale, its call crashed).
 * So parallel requests are answered one at a time: the others get 409 `SIGN_IN_IN_PROGRESS` (or 429). A session
 * the user refused at the bank is never claimed again (409 `SIGN_IN_DENIED`).
 */
export async function claimSignIn(
  services: Services,
  id: string,
  from: LinkStep[],
  notAllowed: () => ApiError,
): Promise<Claim> {
  const now = services.now();
  const stale = new Date(now.getTime() - SIGN_IN_CLAIM_STALE_MS);
  const current = sql`case when ${linkSessions.step} like ${`${SIGNING_IN}%`} then split_part(${linkSessions.step}, ':', 2) else ${linkSessions.step} end`;
  const [row] = await services.database.db
    .update(linkSessions)
    .set({ step: sql`${SIGNING_IN}::text || ${current} || ':' || ${randomUUID()}::text`, updatedAt: now })
    .where(
      and(
        eq(linkSessions.id, id),
        lt(linkSessions.failedAttempts, MAX_FAILED_ATTEMPTS),
        gt(linkSessions.expiresAt, now),
        // A refusal at the bank ends the sign-in: no further step, whichever screen asks.
        eq(linkSessions.signInDenied, false),
        or(
          inArray(linkSessions.step, from),
          and(
            like(linkSessions.step, `${SIGNING_IN}%`),
            lt(linkSessions.updatedAt, stale),
            inArray(sql`split_part(${linkSessions.step}, ':', 2)`, from),
          ),
        ),
      ),
    )
    .returning();
  if (!row) throw await refusal(services, id, notAllowed);
  return { row, step: row.step, from: sessionStep(row), settled: false };
}

/**
 * Writes a claimed step's outcome, only while the claim still holds (a call that lost it, or a session
 * ended meanwhile, changes nothing), and answers the session's failed attempts and step afterwards.
 */
export async function settle(services: Services, claim: Claim, values: PgUpdateSetSource<typeof linkSessions>) {
  const [row] = await services.database.db
    .update(linkSessions)
    .set({ ...values, updatedAt: services.now() })
    .where(and(eq(linkSessions.id, claim.row.id), eq(linkSessions.step, claim.step)))
    .returning({ failedAttempts: linkSessions.failedAttempts, step: linkSessions.step });
  if (!row) throw await refusal(services, claim.row.id, signInInProgress);
  claim.settled = true;
  return row;
}

/** Runs `work` holding the claim; when it throws before settling, the session goes back to the claimed-from step. */
export async function holding<T>(services: Services, claim: Claim, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    if (!claim.settled) {
      await services.database.db
        .update(linkSessions)
        .set({ step: claim.from, updatedAt: services.now() })
        .where(and(eq(linkSessions.id, claim.row.id), eq(linkSessions.step, claim.step)));
    }
  }
}

/** Stores a step that went forward: signed in, or another challenge (with the connector's state). */
export async function advance(
  services: Services,
  claim: Claim,
  step: Progress,
  values: Partial<typeof linkSessions.$inferInsert>,
): Promise<LinkSignInResponse> {
  const id = claim.row.id;
  const pending: PendingChallenge | null =
    step.kind === "challenge" ? { state: step.state, challenge: step.challenge } : null;
  const { failedAttempts } = await settle(services, claim, {
    ...values,
    step: pending ? "MFA" : "AUTHENTICATED",
    connectorStateEnc: pending ? services.cipher.encryptJson(pending, sessionContext(id, "state")) : null,
    ...(pending ? { twoFactor: true } : {}),
  });
  return pending
    ? { step: "MFA", challenge: sessionChallenge(pending.challenge, failedAttempts) }
    : { step: "AUTHENTICATED" };
}

/**
 * Stores a refused step: counts it when it was the user's guess (entity-side failures do not count), and
 * locks the session at the limit, keeping nothing of the sign-in. Otherwise the session goes to `next`:
 * the credentials again (nothing kept), or the same challenge with the connector's new `connectorStateEnc`.
 */
export async function recordFailure(
  services: Services,
  claim: Claim,
  counted: boolean,
  next: "CREDENTIALS" | "MFA",
  connectorStateEnc: string | null = null,
) {
  const attempts = counted ? sql`${linkSessions.failedAttempts} + 1` : sql`${linkSessions.failedAttempts}`;
  const locks = sql`${attempts} >= ${MAX_FAILED_ATTEMPTS}`;
  const row = await settle(services, claim, {
    failedAttempts: attempts,
    step: sql`case when ${locks} then 'LOCKED' else ${next}::text end`,
    ...(next === "MFA"
      ? {
          credentialsEnc: sql`case when ${locks} then null else ${linkSessions.credentialsEnc} end`,
          connectorStateEnc: sql`case when ${locks} then null else ${connectorStateEnc}::text end`,
        }
      : { credentialsEnc: null, connectorStateEnc: null }),
  });
  return { failedAttempts: row.failedAttempts, step: row.step === "LOCKED" ? "LOCKED" : next } as const;
}
