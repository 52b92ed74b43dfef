import type { LinkSignInResponse, SubmitCredentialsRequest, SubmitMfaRequest } from "@finlink/contracts";
import { sql } from "drizzle-orm";
import type { ConnectorEntity, Credentials, LoginStep } from "../../connectors/connector";
import { linkSessions } from "../../db/schema";
import { ApiError, conflict, unprocessable } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import {
  liveSession,
  MAX_FAILED_ATTEMPTS,
  type PendingChallenge,
  readChallenge,
  readSealed,
  type SessionRow,
  saveSession,
  sessionContext,
  sessionEnded,
  sessionOperation,
  sessionParams,
  sessionStep,
} from "./link-session";
import { signInProblem } from "./sign-in-problem";

type Progress = Exclude<LoginStep, { kind: "error" }>;

/** Sign-in steps need a live session: DONE is over, LOCKED refuses every further try. */
function assertCanSignIn(session: SessionRow): void {
  const step = sessionStep(session);
  if (step === "DONE") throw sessionEnded();
  if (step === "LOCKED") {
    throw new ApiError(429, "Too Many Requests", "Too many failed attempts: open Link again", {
      reason: "TOO_MANY_ATTEMPTS",
    });
  }
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

/** Stores a step that went forward: signed in, or another challenge (with the connector's state). */
async function advance(
  services: Services,
  session: SessionRow,
  step: Progress,
  values: Partial<typeof linkSessions.$inferInsert>,
): Promise<LinkSignInResponse> {
  const pending: PendingChallenge | null =
    step.kind === "challenge" ? { state: step.state, challenge: step.challenge } : null;
  await saveSession(
    services.database.db,
    session.id,
    {
      ...values,
      step: pending ? "MFA" : "AUTHENTICATED",
      connectorStateEnc: pending ? services.cipher.encryptJson(pending, sessionContext(session.id, "state")) : null,
      ...(pending ? { twoFactor: true } : {}),
    },
    services.now(),
  );
  return pending ? { step: "MFA", challenge: pending.challenge } : { step: "AUTHENTICATED" };
}

/**
 * Counts a refused credential attempt (entity-side failures do not count) in one statement, so parallel
 * requests cannot slip past the limit, and locks the session at the limit.
 */
async function recordFailure(services: Services, session: SessionRow, counted: boolean) {
  const attempts = counted ? sql`${linkSessions.failedAttempts} + 1` : sql`${linkSessions.failedAttempts}`;
  const [row] = await services.database.db
    .update(linkSessions)
    .set({
      failedAttempts: attempts,
      step: sql`case when ${attempts} >= ${MAX_FAILED_ATTEMPTS} then 'LOCKED' else 'CREDENTIALS' end`,
      credentialsEnc: null,
      connectorStateEnc: null,
      updatedAt: services.now(),
    })
    .where(liveSession(session.id))
    .returning({ failedAttempts: linkSessions.failedAttempts, step: linkSessions.step });
  if (!row) throw sessionEnded();
  return { failedAttempts: row.failedAttempts, step: row.step === "LOCKED" ? "LOCKED" : "CREDENTIALS" } as const;
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
  const step = await connector.login({ entityId: entity.id, credentials: body.credentials, now: services.now() });
  if (step.kind === "error") {
    const { failedAttempts, step: after } = await recordFailure(services, session, step.error.type === "USER_ERROR");
    const remaining = Math.max(0, MAX_FAILED_ATTEMPTS - failedAttempts);
    const extra = step.error.reason === "INVALID_CREDENTIALS" ? { remainingAttempts: remaining } : {};
    throw signInProblem(step.error, { step: after, ...extra });
  }
  return advance(services, session, step, {
    entityId: entity.id,
    credentialsEnc: services.cipher.encryptJson(body.credentials, sessionContext(session.id, "credentials")),
    twoFactor: step.kind === "ok" && step.twoFactor,
  });
}

/** MFA screen: answers the pending challenge; a wrong answer may be retried while the connector allows. */
export async function submitMfa(
  services: Services,
  session: SessionRow,
  body: SubmitMfaRequest,
): Promise<LinkSignInResponse> {
  assertCanSignIn(session);
  const pending = readChallenge(services, session);
  if (!pending || pending.challenge.id !== body.challengeId || !session.entityId) {
    throw conflict("This challenge is no longer pending", { reason: "STALE_CHALLENGE" });
  }
  const { connector } = requireEntity(services, session.entityId);
  const step = await connector.answer({
    entityId: session.entityId,
    state: pending.state,
    answer: body.answer,
    now: services.now(),
  });
  if (step.kind !== "error") return advance(services, session, step, {});
  const db = services.database.db;
  const now = services.now();
  if (step.state === undefined) {
    // The connector ended this sign-in: the user starts again from the credentials.
    await saveSession(db, session.id, { step: "CREDENTIALS", credentialsEnc: null, connectorStateEnc: null }, now);
    throw signInProblem(step.error, { step: "CREDENTIALS" });
  }
  const kept: PendingChallenge = { state: step.state, challenge: pending.challenge };
  const connectorStateEnc = services.cipher.encryptJson(kept, sessionContext(session.id, "state"));
  await saveSession(db, session.id, { connectorStateEnc }, now);
  throw signInProblem(step.error, { step: "MFA" });
}
