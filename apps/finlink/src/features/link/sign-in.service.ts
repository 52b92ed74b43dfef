import type { LinkSignInResponse, LinkStep, SubmitCredentialsRequest, SubmitMfaRequest } from "@finlink/contracts";
import { type ConnectorEntity, type Credentials, challengeOffers, identityField } from "../../connectors/connector";
import { badRequest, conflict } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import {
  fixedEntityId,
  MAX_FAILED_ATTEMPTS,
  type PendingChallenge,
  readChallenge,
  readSealed,
  type SessionRow,
  sessionChallenge,
  sessionContext,
  sessionEnded,
  sessionOperation,
  sessionParams,
  sessionStep,
  signInDenied,
} from "./link-session";
import { checkRedirectUser, usernameMismatch } from "./redirect-user";
import { advance, claimSignIn, holding, recordFailure, tooManyAttempts } from "./sign-in-claim";
import { notOffered, signInProblem } from "./sign-in-problem";
import { entityUserKey, settleSignInAttempt, takeSignInAttempt, userAttemptsLeft } from "./sign-in-throttle";

/** The steps a credentials submission may start from (an entity picked, a retry, or signing in again). */
const SIGN_IN_FROM: LinkStep[] = ["ENTITY", "CREDENTIALS", "MFA", "AUTHENTICATED"];

const staleChallenge = () => conflict("This challenge is no longer pending", { reason: "STALE_CHALLENGE" });

/** Sign-in steps need a live session: DONE is over, LOCKED refuses every further try. */
function assertCanSignIn(session: SessionRow): void {
  const step = sessionStep(session);
  if (step === "DONE") throw sessionEnded();
  if (step === "LOCKED") throw tooManyAttempts();
  if (session.signInDenied) throw signInDenied();
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
    throw badRequest("The credentials do not match the entity's sign-in form", {
      reason: "VALIDATION_ERROR",
      errors,
    });
  }
}

/**
 * A session opened for one entity signs in there only; an update or restore signs in again as the same
 * user at the same entity, never as someone else.
 */
function checkSameUser(
  services: Services,
  session: SessionRow,
  entity: ConnectorEntity,
  credentials: Credentials,
): void {
  const fixedEntity = fixedEntityId(session);
  if (fixedEntity && entity.id !== fixedEntity) {
    throw badRequest(`This Link session signs in to '${fixedEntity}' only`, { reason: "ENTITY_MISMATCH" });
  }
  if (sessionOperation(session) !== "UPDATE") return;
  const fixed = readSealed(services, session)?.fixedUsername;
  // The user is whoever the entity's identity field names (a username, a DNI), not a field called username.
  const field = identityField(entity);
  if (fixed && (!field || credentials[field.name]?.trim() !== fixed.trim())) throw usernameMismatch();
}

/** Who is calling: the client's address (`clientAddress`), null when unknown. */
export interface SignInClient {
  address: string | null;
}

/** Credentials screen: asks the entity; answers the first challenge or AUTHENTICATED. */
export async function submitCredentials(
  services: Services,
  session: SessionRow,
  body: SubmitCredentialsRequest,
  client: SignInClient = { address: null },
): Promise<LinkSignInResponse> {
  assertCanSignIn(session);
  const { entity, connector } = requireEntity(
    services,
    body.entity,
    sessionOperation(session) === "CONNECT" ? sessionParams(session).product : undefined,
  );
  if (entity.signIn === "REDIRECT") {
    throw badRequest(`'${entity.id}' signs in on its own page: start it with POST /link/session/redirect`, {
      reason: "REDIRECT_ENTITY",
    });
  }
  checkFields(entity, body.credentials);
  checkSameUser(services, session, entity, body.credentials);
  const attempt = await takeSignInAttempt(services, entityUserKey(entity, body.credentials), client.address);
  let wrongPassword = false;
  try {
    const claim = await claimSignIn(services, session.id, SIGN_IN_FROM, sessionEnded);
    return await holding(services, claim, async () => {
      const step = await connector.login({ entityId: entity.id, credentials: body.credentials, now: services.now() });
      if (step.kind === "error") {
        wrongPassword = step.error.reason === "INVALID_CREDENTIALS";
        const counted = step.error.type === "USER_ERROR";
        const { failedAttempts, step: after } = await recordFailure(services, claim, counted, "CREDENTIALS");
        // The fewer of the session's attempts and the entity user's (across sessions) is what is left.
        const remaining = Math.min(
          Math.max(0, MAX_FAILED_ATTEMPTS - failedAttempts),
          await userAttemptsLeft(services, attempt.key),
        );
        throw signInProblem(step.error, { step: after, ...(wrongPassword ? { remainingAttempts: remaining } : {}) });
      }
      return advance(services, claim, step, {
        entityId: entity.id,
        credentialsEnc: services.cipher.encryptJson(body.credentials, sessionContext(session.id, "credentials")),
        twoFactor: step.kind === "ok" && step.twoFactor,
      });
    });
  } finally {
    await settleSignInAttempt(services, attempt, wrongPassword);
  }
}

/**
 * The entity user a session signs in as, from the credentials it keeps between the credentials and MFA
 * steps: wrong MFA answers count toward that user's limit across sessions, like wrong passwords.
 */
function sessionUserKey(services: Services, session: SessionRow, entity: ConnectorEntity): string {
  const credentials = session.credentialsEnc
    ? services.cipher.decryptJson<Credentials>(session.credentialsEnc, sessionContext(session.id, "credentials"))
    : {};
  return entityUserKey(entity, credentials);
}

/** MFA screen: answers the pending challenge; a wrong answer may be retried while the connector allows. */
export async function submitMfa(
  services: Services,
  session: SessionRow,
  body: SubmitMfaRequest,
  client: SignInClient = { address: null },
): Promise<LinkSignInResponse> {
  assertCanSignIn(session);
  const seen = readChallenge(services, session);
  if (!seen || seen.challenge.id !== body.challengeId || !session.entityId) throw staleChallenge();
  // Refused before the attempt is taken: asking for what is not offered is not a guess.
  if (!challengeOffers(seen.challenge, body.answer)) throw notOffered(body.answer);
  const { entity, connector } = requireEntity(services, session.entityId);
  // Counted before the claim, as a password is: 8 sessions of wrong codes must not add up to 40 free guesses.
  const attempt = await takeSignInAttempt(services, sessionUserKey(services, session, entity), client.address);
  let wrongAnswer = false;
  try {
    const claim = await claimSignIn(services, session.id, ["MFA"], staleChallenge);
    return await holding(services, claim, async () => {
      // The connector state as claimed: another call may have answered (and changed it) since the first read.
      const pending = readChallenge(services, claim.row);
      const entityId = claim.row.entityId;
      if (!pending || pending.challenge.id !== body.challengeId || !entityId) throw staleChallenge();
      if (!challengeOffers(pending.challenge, body.answer)) throw notOffered(body.answer);
      const step = await connector.answer({ entityId, state: pending.state, answer: body.answer, now: services.now() });
      if (step.kind !== "error") {
        // A redirect entity's further challenge ends in its consent: what extractions sign in with.
        if (entity.signIn !== "REDIRECT" || step.kind !== "ok") return advance(services, claim, step, {});
        const consent = step.state as Credentials;
        // Known only now (after the bank's last step): an update or restore must still be the connection's user.
        if (!checkRedirectUser(services, claim.row, consent)) {
          await recordFailure(services, claim, false, "CREDENTIALS");
          throw usernameMismatch();
        }
        const credentialsEnc = services.cipher.encryptJson(consent, sessionContext(session.id, "credentials"));
        return advance(services, claim, step, { credentialsEnc });
      }
      // A wrong answer is a guess: it counts toward the session's limit like a wrong password.
      wrongAnswer = step.error.reason === "INVALID_MFA";
      if (step.state === undefined) {
        // The connector ended this sign-in: the user starts again from the credentials.
        const { step: after } = await recordFailure(services, claim, wrongAnswer, "CREDENTIALS");
        throw signInProblem(step.error, { step: after });
      }
      const kept: PendingChallenge = { state: step.state, challenge: step.challenge ?? pending.challenge };
      const connectorStateEnc = services.cipher.encryptJson(kept, sessionContext(session.id, "state"));
      const { failedAttempts, step: after } = await recordFailure(
        services,
        claim,
        wrongAnswer,
        "MFA",
        connectorStateEnc,
      );
      if (!wrongAnswer) throw signInProblem(step.error, { step: after });
      // What the code screen shows after a wrong code: the fewest of the entity's, the session's and the user's.
      const shown = sessionChallenge(kept.challenge, failedAttempts);
      const remaining = Math.min(
        shown.type === "OTP" && shown.attemptsLeft !== null ? shown.attemptsLeft : MAX_FAILED_ATTEMPTS - failedAttempts,
        await userAttemptsLeft(services, attempt.key),
      );
      throw signInProblem(step.error, { step: after, remainingAttempts: Math.max(0, remaining) });
    });
  } finally {
    await settleSignInAttempt(services, attempt, wrongAnswer);
  }
}
