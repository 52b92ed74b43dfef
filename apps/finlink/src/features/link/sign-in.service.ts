import { randomUUID } from "node:crypto";
import type { LinkSignInResponse, LinkStep, SubmitCredentialsRequest, SubmitMfaRequest } from "@finlink/contracts";
import { and, eq, gt, inArray, like, lt, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { ConnectorEntity, Credentials, LoginStep } from "../../connectors/connector";
import { linkSessions } from "../../db/schema";
import { ApiError, conflict, unprocessable } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import {
  claimedFrom,
  MAX_FAILED_ATTEMPTS,
  type PendingChallenge,
  readChallenge,
  readSealed,
  type SessionRow,
  SIGN_IN_CLAIM_STALE_MS,
  SIGNING_IN,
  sessionContext,
  sessionEnded,
  sessionExpired,
  sessionOperation,
  sessionParams,
  sessionStep,
} from "./link-session";
import { signInProblem } from "./sign-in-problem";

type Progress = Exclude<LoginStep, { kind: "error" }>;

/** The steps a credentials submission may start from (an entity picked, a retry, or signing in again). */
const SIGN_IN_FROM: LinkStep[] = ["ENTITY", "CREDENTIALS", "MFA", "AUTHENTICATED"];

const tooManyAttempts = () =>
  new ApiError(429, "Too Many Requests", "Too many failed attempts: open Link again", {
    reason: "TOO_MANY_ATTEMPTS",
  });
const signInInProgress = () =>
  conflict("Another sign-in step of this session is under way: try again when it ends", {
    reason: "SIGN_IN_IN_PROGRESS",
    retryable: true,
  });
const staleChallenge = () => conflict("This challenge is no longer pending", { reason: "STALE_CHALLENGE" });

/** Sign-in steps need a live session: DONE is over, LOCKED refuses every further try. */
function assertCanSignIn(session: SessionRow): void {
  const step = sessionStep(session);
  if (step === "DONE") throw sessionEnded();
  if (step === "LOCKED") throw tooManyAttempts();
}

function checkFields(entity: ConnectorEntity, credentials: Credentials): void {
  const names = entity.credentialFields.map((field) => field.name);
  const errors = [
    ...names
      .filter((name) => !Object.hasOwn(credentials, name) || credentials[name] === "")
      .map((name) => ({ path: `credentials.${name}`, message: "Required" })),
    ...Object.keys(credentials)
      .filter((name) => !names.includes(name))
      .map((name) => ({ path: `credentials.${name}`, message: `Not a field of ${entity.id}'s sign-in form` })),
  ];
  if (errors.length > 0) {
    throw unprocessable("The credentials do not match the entity's sign-in form", {
      reason: "VALIDATION_ERROR",
      errors,
    });
  }
}

/** An update or restore signs in again as the same user at the same entity, never as someone else. */
function checkSameUser(services: Services, session: SessionRow, entityId: string, credentials: Credentials): void {
  if (sessionOperation(session) !== "UPDATE") return;
  if (entityId !== session.entityId) {
    throw unprocessable(`This flow signs in again to '${session.entityId}'`, { reason: "ENTITY_MISMATCH" });
  }
  const fixed = readSealed(services, session)?.fixedUsername;
  if (fixed && credentials.username?.trim() !== fixed.trim()) {
    throw unprocessable("Sign in as the connection's user", { reason: "USERNAME_MISMATCH" });
  }
}

/** A session this call holds: `step` is the `SIGNING_IN:…` value it wrote; `from` the step it claimed it from. */
interface Claim {
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
  if (claimedFrom(row.step)) return signInInProgress();
  return otherwise();
}

/**
 * Takes the session for one sign-in step, in one conditional UPDATE: only from a step in `from`, under the
 * attempt limit, not expired, and not held by another call (unless that claim is stale, its call crashed).
 * So parallel requests are answered one at a time: the others get 409 `SIGN_IN_IN_PROGRESS` (or 429).
 */
async function claimSignIn(
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
async function settle(services: Services, claim: Claim, values: PgUpdateSetSource<typeof linkSessions>) {
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
async function holding<T>(services: Services, claim: Claim, work: () => Promise<T>): Promise<T> {
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
async function advance(
  services: Services,
  claim: Claim,
  step: Progress,
  values: Partial<typeof linkSessions.$inferInsert>,
): Promise<LinkSignInResponse> {
  const id = claim.row.id;
  const pending: PendingChallenge | null =
    step.kind === "challenge" ? { state: step.state, challenge: step.challenge } : null;
  await settle(services, claim, {
    ...values,
    step: pending ? "MFA" : "AUTHENTICATED",
    connectorStateEnc: pending ? services.cipher.encryptJson(pending, sessionContext(id, "state")) : null,
    ...(pending ? { twoFactor: true } : {}),
  });
  return pending ? { step: "MFA", challenge: pending.challenge } : { step: "AUTHENTICATED" };
}

/**
 * Stores a refused step: counts it when it was the user's guess (entity-side failures do not count), and
 * locks the session at the limit, keeping nothing of the sign-in. Otherwise the session goes to `next`:
 * the credentials again (nothing kept), or the same challenge with the connector's new `connectorStateEnc`.
 */
async function recordFailure(
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

/** Credentials screen: asks the entity; answers the first challenge or AUTHENTICATED. */
export async function submitCredentials(
  services: Services,
  session: SessionRow,
  body: SubmitCredentialsRequest,
): Promise<LinkSignInResponse> {
  assertCanSignIn(session);
  const { entity, connector } = requireEntity(
    services,
    body.entity,
    sessionOperation(session) === "CONNECT" ? sessionParams(session).product : undefined,
  );
  checkFields(entity, body.credentials);
  checkSameUser(services, session, entity.id, body.credentials);
  const claim = await claimSignIn(services, session.id, SIGN_IN_FROM, sessionEnded);
  return holding(services, claim, async () => {
    const step = await connector.login({ entityId: entity.id, credentials: body.credentials, now: services.now() });
    if (step.kind === "error") {
      const counted = step.error.type === "USER_ERROR";
      const { failedAttempts, step: after } = await recordFailure(services, claim, counted, "CREDENTIALS");
      const remaining = Math.max(0, MAX_FAILED_ATTEMPTS - failedAttempts);
      const extra = step.error.reason === "INVALID_CREDENTIALS" ? { remainingAttempts: remaining } : {};
      throw signInProblem(step.error, { step: after, ...extra });
    }
    return advance(services, claim, step, {
      entityId: entity.id,
      credentialsEnc: services.cipher.encryptJson(body.credentials, sessionContext(session.id, "credentials")),
      twoFactor: step.kind === "ok" && step.twoFactor,
    });
  });
}

/** MFA screen: answers the pending challenge; a wrong answer may be retried while the connector allows. */
export async function submitMfa(
  services: Services,
  session: SessionRow,
  body: SubmitMfaRequest,
): Promise<LinkSignInResponse> {
  assertCanSignIn(session);
  const seen = readChallenge(services, session);
  if (!seen || seen.challenge.id !== body.challengeId || !session.entityId) throw staleChallenge();
  const { connector } = requireEntity(services, session.entityId);
  const claim = await claimSignIn(services, session.id, ["MFA"], staleChallenge);
  return holding(services, claim, async () => {
    // The connector state as claimed: another call may have answered (and changed it) since the first read.
    const pending = readChallenge(services, claim.row);
    const entityId = claim.row.entityId;
    if (!pending || pending.challenge.id !== body.challengeId || !entityId) throw staleChallenge();
    const step = await connector.answer({ entityId, state: pending.state, answer: body.answer, now: services.now() });
    if (step.kind !== "error") return advance(services, claim, step, {});
    // A wrong answer is a guess: it counts toward the session's limit like a wrong password.
    const counted = step.error.reason === "INVALID_MFA";
    if (step.state === undefined) {
      // The connector ended this sign-in: the user starts again from the credentials.
      const { step: after } = await recordFailure(services, claim, counted, "CREDENTIALS");
      throw signInProblem(step.error, { step: after });
    }
    const kept: PendingChallenge = { state: step.state, challenge: pending.challenge };
    const connectorStateEnc = services.cipher.encryptJson(kept, sessionContext(session.id, "state"));
    const { step: after } = await recordFailure(services, claim, counted, "MFA", connectorStateEnc);
    throw signInProblem(step.error, { step: after });
  });
}
