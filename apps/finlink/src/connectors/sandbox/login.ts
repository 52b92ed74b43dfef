import type { Challenge, ChallengeAnswer, Credentials, LoginStep } from "../connector";
import {
  deviceCode,
  type LoginTiming,
  MAX_MFA_ATTEMPTS,
  newChallenge,
  otpChallenge,
  SANDBOX_OTP,
  type Spent,
} from "./challenges";
import { sandboxError } from "./errors";
import { authenticate, isConnectorError } from "./users";

const SKY_ANSWERS = new Set(["blue", "azul"]);

/** Plain JSON the server stores between steps: who signs in and what is pending, never the password. */
interface PendingState {
  v: 1;
  entityId: string;
  username: string;
  challenge: Challenge;
  startedAt: string;
  failures: number;
  /** Codes asked for again; absent in states stored before resending existed. */
  resends?: number;
}

function isPendingState(state: unknown, entityId: string): state is PendingState {
  if (typeof state !== "object" || state === null) return false;
  const candidate = state as Partial<PendingState>;
  return candidate.v === 1 && candidate.entityId === entityId && typeof candidate.challenge === "object";
}

function okStep(entityId: string, username: string, twoFactor: boolean): LoginStep {
  return { kind: "ok", twoFactor, state: { v: 1, entityId, username, twoFactor } };
}

function challengeStep(state: PendingState): LoginStep {
  return { kind: "challenge", challenge: state.challenge, state };
}

/** A new pending challenge; what the sign-in has spent carries over, so a new code or method buys no new guesses. */
function pending(
  entityId: string,
  username: string,
  challenge: Challenge,
  now: Date,
  spent: Spent = { failures: 0, resends: 0 },
): PendingState {
  return { v: 1, entityId, username, challenge, startedAt: now.toISOString(), ...spent };
}

const spentOf = (state: PendingState): Spent => ({ failures: state.failures, resends: state.resends ?? 0 });

/** First sign-in step: credentials, then whichever second factor the user (or the entity) asks for. */
export function login(
  input: { entityId: string; credentials: Credentials; now: Date },
  timing: LoginTiming,
): LoginStep {
  const signedIn = authenticate(input.entityId, input.credentials);
  if (isConnectorError(signedIn)) return { kind: "error", error: signedIn };
  const { sandbox, username, user } = signedIn;
  const factor = user.secondFactor === "NONE" && sandbox.appApproval ? "APP" : user.secondFactor;
  if (factor === "NONE") return okStep(input.entityId, username, false);
  return challengeStep(pending(input.entityId, username, newChallenge(factor, username, input.now, timing), input.now));
}

function wrongAnswer(state: PendingState): LoginStep {
  const failures = state.failures + 1;
  if (failures >= MAX_MFA_ATTEMPTS) return { kind: "error", error: sandboxError("INVALID_MFA") };
  const { challenge } = state;
  // The same challenge, now with one attempt fewer: what the code screen says after this wrong answer.
  const fewer = challenge.type === "OTP" ? { ...challenge, attemptsLeft: MAX_MFA_ATTEMPTS - failures } : challenge;
  return {
    kind: "error",
    error: sandboxError("INVALID_MFA"),
    state: { ...state, challenge: fewer, failures },
    challenge: fewer,
  };
}

/**
 * Another code to the same place (RESEND), or another way in (SWITCH): a new challenge with a new id. The old code
 * keeps working (the sandbox's code is always 123456); failures carry over. The server lets through only what the
 * challenge offered; anything else arriving here changes nothing (the same challenge stays pending).
 */
function another(state: PendingState, given: ChallengeAnswer, now: Date, timing: LoginTiming): LoginStep {
  const { challenge, entityId, username } = state;
  const spent = spentOf(state);
  if (challenge.type !== "OTP") return challengeStep(state);
  if (given.type === "RESEND" && challenge.canResend) {
    const resent = { ...spent, resends: spent.resends + 1 };
    const next = otpChallenge(challenge.sentTo, challenge.alternatives, resent);
    return challengeStep(pending(entityId, username, next, now, resent));
  }
  if (given.type === "SWITCH" && given.method !== "OTP" && challenge.alternatives.includes(given.method)) {
    return challengeStep(
      pending(entityId, username, newChallenge(given.method, username, now, timing, spent), now, spent),
    );
  }
  return challengeStep(state);
}

function normaliseAnswer(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .trim()
    .toLowerCase();
}

/** Answers the pending challenge held in `state`; wrong answers keep the state so the user may try again. */
export function answer(
  input: { entityId: string; state: unknown; answer: ChallengeAnswer; now: Date },
  timing: LoginTiming,
): LoginStep {
  const { state, answer: given, now } = input;
  if (!isPendingState(state, input.entityId)) return { kind: "error", error: sandboxError("BAD_STATE") };
  const { challenge } = state;
  if (given.type === "RESEND" || given.type === "SWITCH") return another(state, given, now, timing);
  if (challenge.type === "APP") {
    if (given.type !== "POLL") return wrongAnswer(state);
    if (now.getTime() >= Date.parse(challenge.expiresAt)) return { kind: "error", error: sandboxError("MFA_TIMEOUT") };
    const waited = now.getTime() - Date.parse(state.startedAt);
    return waited >= timing.approvalDelayMs ? okStep(state.entityId, state.username, true) : challengeStep(state);
  }
  if (challenge.type === "OTP" && given.type === "OTP" && given.code.trim() === SANDBOX_OTP) {
    return okStep(state.entityId, state.username, true);
  }
  if (challenge.type === "QUESTION" && given.type === "QUESTION" && SKY_ANSWERS.has(normaliseAnswer(given.answer))) {
    return okStep(state.entityId, state.username, true);
  }
  const code =
    challenge.type === "DEVICE" &&
    given.type === "DEVICE" &&
    deviceCode(state.username, given.deviceId, spentOf(state));
  if (code) {
    // The chosen device receives a code: a new challenge, so an answer to the device list cannot be replayed.
    return challengeStep(pending(state.entityId, state.username, code, now, spentOf(state)));
  }
  return wrongAnswer(state);
}
