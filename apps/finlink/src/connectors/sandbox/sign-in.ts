import type { Challenge, ChallengeAnswer, Connector, Credentials, LoginStep } from "../connector";
import { SANDBOX_OTP } from "./challenges";

/** How far the simulated clock moves between polls of an app approval. */
const POLL_INTERVAL_MS = 1_000;
/** Enough steps to outlast any approval timeout at one poll a second; a guard against a connector that never ends. */
const MAX_STEPS = 1_000;

/**
 * The answer a sandbox user gives to any challenge: the code, the sky's colour, the first device, or a
 * poll of the app approval.
 * @example autoAnswer({ id: "ch_1", type: "OTP", length: 6 }) // { type: "OTP", code: "123456" }
 */
export function autoAnswer(challenge: Challenge): ChallengeAnswer {
  switch (challenge.type) {
    case "OTP":
      return { type: "OTP", code: SANDBOX_OTP };
    case "QUESTION":
      return { type: "QUESTION", answer: "blue" };
    case "DEVICE": {
      const [device] = challenge.devices;
      if (!device) throw new Error("a DEVICE challenge offered no device");
      return { type: "DEVICE", deviceId: device.id };
    }
    case "APP":
      return { type: "POLL" };
  }
}

/**
 * Signs in and answers every challenge until the sign-in succeeds or fails, as `POST /sandbox/public-token`
 * needs. App approvals are polled on a simulated clock that starts at `now`, so nothing actually waits.
 * @example
 * const step = await signInAutomatically(connector, {
 *   entityId: "sandbox_bank", credentials: { username: "user_otp", password: "pass_good" }, now: new Date(),
 * }); // { kind: "ok", twoFactor: true, state: … }
 */
export async function signInAutomatically(
  connector: Connector,
  input: { entityId: string; credentials: Credentials; now: Date },
): Promise<LoginStep> {
  const { entityId } = input;
  let step = await connector.login(input);
  let clock = input.now.getTime();
  for (let i = 0; i < MAX_STEPS && step.kind === "challenge"; i++) {
    if (step.challenge.type === "APP") clock += POLL_INTERVAL_MS;
    const answer = autoAnswer(step.challenge);
    step = await connector.answer({ entityId, state: step.state, answer, now: new Date(clock) });
  }
  if (step.kind === "challenge")
    return { kind: "error", error: { reason: "MFA_TIMEOUT", type: "USER_ERROR", retryable: true } };
  return step;
}
