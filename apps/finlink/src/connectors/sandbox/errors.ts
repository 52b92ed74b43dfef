import type { ConnectorError } from "../connector";

const ERRORS = {
  INVALID_CREDENTIALS: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: true },
  ACCOUNT_LOCKED: { reason: "ACCOUNT_LOCKED", type: "USER_ERROR", retryable: false },
  ENTITY_UNAVAILABLE: { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true },
  INVALID_MFA: { reason: "INVALID_MFA", type: "USER_ERROR", retryable: true },
  MFA_TIMEOUT: { reason: "MFA_TIMEOUT", type: "USER_ERROR", retryable: true },
  // An entity this connector does not reach: asking again will not help.
  UNKNOWN_ENTITY: { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: false },
  // A sign-in state that is not ours or no longer usable: the user starts the sign-in again.
  BAD_STATE: { reason: "INTERNAL_SERVER_ERROR", type: "VUMI_ERROR", retryable: true },
} as const satisfies Record<string, ConnectorError>;

export type SandboxErrorName = keyof typeof ERRORS;

/** A fresh copy of one of the sandbox's errors (fresh, so a caller that changes it changes only its own). */
export function sandboxError(name: SandboxErrorName): ConnectorError {
  return { ...ERRORS[name] };
}
