import { randomUUID } from "node:crypto";
import type { Challenge } from "../connector";
import { personFor } from "./person";
import type { SecondFactor } from "./users";

export const SANDBOX_OTP = "123456";
/** Wrong answers allowed per sign-in; the next one ends it, as banks do against guessing. */
export const MAX_MFA_ATTEMPTS = 3;
/** Codes a sign-in may ask for after the first, as a bank caps its SMS; then `canResend` is false. */
export const MAX_OTP_RESENDS = 3;

export interface LoginTiming {
  approvalDelayMs: number;
  approvalTimeoutMs: number;
}

type OtpChallenge = Extract<Challenge, { type: "OTP" }>;
type Device = Extract<Challenge, { type: "DEVICE" }>["devices"][number];

/** The user's phone, masked as banks show it; a no-break space keeps the dots with the digits. */
const smsTo = (last4: string) => ({ es: `SMS al ••••\u00a0${last4}`, en: `SMS to ••••\u00a0${last4}` });

/** Where a code may go; named in both languages, as the bank's own app would show them. */
function devicesOf(username: string): Device[] {
  const { firstName, phoneLast4 } = personFor(username);
  const mailbox = `${firstName.charAt(0).toLowerCase()}•••@example.com`;
  return [
    { id: "iphone", name: { es: `iPhone de ${firstName}`, en: `${firstName}'s iPhone` } },
    { id: "sms", name: smsTo(phoneLast4) },
    { id: "email", name: { es: `Correo a ${mailbox}`, en: `Email to ${mailbox}` } },
  ];
}

/** What a sign-in has used up so far: the new challenge's `attemptsLeft` and `canResend` follow from it. */
export interface Spent {
  failures: number;
  resends: number;
}

/**
 * A code sent to `sentTo` (the user's phone, or the device they chose). `user_otp` may switch to app approval,
 * a user who chose a device back to the device list; both may ask for another code up to `MAX_OTP_RESENDS`.
 */
export function otpChallenge(sentTo: OtpChallenge["sentTo"], alternatives: OtpChallenge["alternatives"], spent: Spent) {
  return {
    id: `ch_${randomUUID()}`,
    type: "OTP",
    length: SANDBOX_OTP.length,
    sentTo,
    attemptsLeft: Math.max(0, MAX_MFA_ATTEMPTS - spent.failures),
    canResend: spent.resends < MAX_OTP_RESENDS,
    alternatives,
  } satisfies OtpChallenge;
}

/** The code screen after choosing `deviceId`, or null when the user has no such device. */
export function deviceCode(username: string, deviceId: string, spent: Spent): OtpChallenge | null {
  const device = devicesOf(username).find((d) => d.id === deviceId);
  return device ? otpChallenge(device.name, ["DEVICE"], spent) : null;
}

/** The first challenge of a second factor (or the one a SWITCH moves to). */
export function newChallenge(
  type: Exclude<SecondFactor, "NONE">,
  username: string,
  now: Date,
  timing: LoginTiming,
  spent: Spent = { failures: 0, resends: 0 },
): Challenge {
  const id = `ch_${randomUUID()}`;
  switch (type) {
    case "OTP": {
      const { phoneLast4 } = personFor(username);
      return otpChallenge(smsTo(phoneLast4), ["APP"], spent);
    }
    case "QUESTION":
      return { id, type, question: { es: "¿De qué color es el cielo?", en: "What colour is the sky?" } };
    case "DEVICE":
      return { id, type, devices: devicesOf(username) };
    case "APP":
      return { id, type, expiresAt: new Date(now.getTime() + timing.approvalTimeoutMs).toISOString() };
  }
}
