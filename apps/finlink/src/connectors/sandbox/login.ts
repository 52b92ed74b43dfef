import { randomUUID } from "node:crypto";
import type { Challenge, ChallengeAnswer, Credentials, LoginStep } from "../connector";
import { sandboxError } from "./errors";
import { personFor } from "./person";
import { authenticate, isConnectorError, type SecondFactor } from "./users";

export const SANDBOX_OTP = "123456";
/** Wrong answers allowed per challenge; the next one ends the sign-in, as banks do against guessing. */
export const MAX_MFA_ATTEMPTS = 3;
const SKY_ANSWERS = new Set(["blue", "azul"]);

export interface LoginTiming {
  approvalDelayMs: number;
  approvalTimeoutMs: number;
}

/** Plain JSON the server stores between steps: who signs in and what is pending, never the password. */
interface PendingState {
  v: 1;
  entityId: string;
  username: string;
  challenge: Challenge;
  startedAt: string;
  failures: number;
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

function newChallenge(
  type: Exclude<SecondFactor, "NONE">,
  username: string,
  now: Date,
  timing: LoginTiming,
): Challenge {
  const id = `ch_${randomUUID()}`;
  const person = personFor(username);
  switch (type) {
    case "OTP":
      return { id, type, length: SANDBOX_OTP.length };
    case "QUESTION":
      return {
        id,
        type,
        question: { es: "¿De qué color es el cielo?", en: "What colour is the sky?" },
      };
    case "DEVICE":
      return {
        id,
        type,
        devices: [
          { id: "iphone", name: `iPhone de ${person.firstName}` },
          { id: "sms", name: `SMS al ···· ${person.phoneLast4}` },
          { id: "email", name: `Correo a ${person.firstName.charAt(0).toLowerCase()}•••@example.com` },
        ],
      };
    case "APP":
      return {
        id,
        type,
        expiresAt: new Date(now.getTime() + timing.approvalTimeoutMs).toISOString(),
      };
  }
}

function pending(entityId: string, username: string, challenge: Challenge, now: Date): PendingState {
  return { v: 1, entityId, username, challenge, startedAt: now.toISOString(), failures: 0 };
}

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
  return { kind: "error", error: sandboxError("INVALID_MFA"), state: { ...state, failures } };
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
  if (
    challenge.type === "DEVICE" &&
    given.type === "DEVICE" &&
    challenge.devices.some((d) => d.id === given.deviceId)
  ) {
    // The chosen device receives a code: a new challenge, so an answer to the device list cannot be replayed.
    return challengeStep(
      pending(state.entityId, state.username, newChallenge("OTP", state.username, now, timing), now),
    );
  }
  return wrongAnswer(state);
}
