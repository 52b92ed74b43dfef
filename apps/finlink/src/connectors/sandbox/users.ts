import { type ConnectorError, type Credentials, identityField, secretField } from "../connector";
import { findEntity, type SandboxEntity } from "./entities";
import { type SandboxErrorName, sandboxError } from "./errors";

export const SANDBOX_PASSWORD = "pass_good";

export const SANDBOX_USERNAMES = [
  "user_good",
  "user_otp",
  "user_question",
  "user_device",
  "user_app",
  "user_locked",
  "user_slow",
  "user_extract_error",
  "user_update_error",
  "user_big",
  "user_joint",
] as const;
export type SandboxUsername = (typeof SANDBOX_USERNAMES)[number];

export type SecondFactor = "NONE" | "OTP" | "QUESTION" | "DEVICE" | "APP";

export interface Extraction {
  /** Artificial time the whole extraction takes, before `timeScale`. */
  durationMs: number;
  /** Largest number of rows of one kind in a batch; small for a slow user, so batches keep coming. */
  batchSize: number;
  historyDays: number;
  /** Multiplies everyday spending (purchases, Bizum, cash): how `user_big` reaches 50,000 rows. */
  activity: number;
}

export interface UserBehaviour {
  secondFactor: SecondFactor;
  /** A sign-in with the right password still fails with this. */
  loginError?: SandboxErrorName;
  /** `always`: every extraction fails; `update`: the first one works, every refresh fails. */
  failExtraction?: "always" | "update";
  /**
   * Shares accounts with a second person: some are joint, some the user's alone, one the other person's
   * alone (the user is authorised on it), so a `desiredOwners` filter has something to choose.
   */
  coHolder?: boolean;
  extraction: Extraction;
}

const NORMAL: Extraction = { durationMs: 2_000, batchSize: 1_000, historyDays: 90, activity: 1 };

/** How each sandbox user behaves, wherever they sign in. */
export const USERS: Record<SandboxUsername, UserBehaviour> = {
  user_good: { secondFactor: "NONE", extraction: NORMAL },
  user_otp: { secondFactor: "OTP", extraction: NORMAL },
  user_question: { secondFactor: "QUESTION", extraction: NORMAL },
  user_device: { secondFactor: "DEVICE", extraction: NORMAL },
  user_app: { secondFactor: "APP", extraction: NORMAL },
  user_locked: { secondFactor: "NONE", loginError: "ACCOUNT_LOCKED", extraction: NORMAL },
  user_slow: { secondFactor: "NONE", extraction: { ...NORMAL, durationMs: 60_000, batchSize: 10 } },
  user_extract_error: { secondFactor: "NONE", failExtraction: "always", extraction: NORMAL },
  user_update_error: { secondFactor: "NONE", failExtraction: "update", extraction: NORMAL },
  // Five years of 365 days plus two, so the window spans five whole years even across a leap day.
  user_big: { secondFactor: "NONE", extraction: { ...NORMAL, historyDays: 5 * 365 + 2, activity: 22 } },
  user_joint: { secondFactor: "NONE", coHolder: true, extraction: NORMAL },
};

/** Usernames are matched as a bank would: surrounding spaces and letter case do not matter. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

function isSandboxUsername(username: string): username is SandboxUsername {
  return Object.hasOwn(USERS, username);
}

export interface SignedIn {
  sandbox: SandboxEntity;
  username: SandboxUsername;
  user: UserBehaviour;
}

/**
 * Checks entity, username and password the way every step that touches the "bank" does (login and each
 * extraction): an unavailable entity fails before it can look at the credentials.
 */
export function authenticate(entityId: string, credentials: Credentials): SignedIn | ConnectorError {
  const sandbox = findEntity(entityId);
  if (!sandbox) return sandboxError("UNKNOWN_ENTITY");
  if (sandbox.unavailable) return sandboxError("ENTITY_UNAVAILABLE");
  // Read by the entity's own field names (a DNI bank's form has `dni` and `pin`), as a real connector would.
  const username = normaliseUsername(credentials[identityField(sandbox.entity)?.name ?? ""] ?? "");
  const password = credentials[secretField(sandbox.entity)?.name ?? ""];
  if (!isSandboxUsername(username) || password !== SANDBOX_PASSWORD) {
    return sandboxError("INVALID_CREDENTIALS");
  }
  const user = USERS[username];
  if (user.loginError) return sandboxError(user.loginError);
  return { sandbox, username, user };
}

export function isConnectorError(value: SignedIn | ConnectorError): value is ConnectorError {
  return "reason" in value;
}
