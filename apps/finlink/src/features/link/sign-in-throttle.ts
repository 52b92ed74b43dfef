import type { ConnectorEntity, Credentials } from "../../connectors/connector";
import { sha256 } from "../../lib/crypto";
import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Wrong passwords for one user of one entity, counted across Link sessions and apps. The session's own
 * limit (5) stops guessing in one session; without this, opening Link again would give 5 more guesses
 * each time. 10 in 15 minutes, then the entity user is refused for the rest of the window (per process:
 * see `RateLimiter`).
 */
export const USER_FAILURE_LIMIT = 10;
export const USER_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Who is signing in, as a key that holds no credential: a hash of the entity and its non-secret fields
 * (the username, or whatever the entity's form names its user), trimmed and case-folded.
 */
export function entityUserKey(entity: ConnectorEntity, credentials: Credentials): string {
  const identity = entity.credentialFields
    .filter((field) => field.type !== "password")
    .map((field) => (credentials[field.name] ?? "").trim().toLowerCase());
  return sha256(JSON.stringify([entity.id, ...identity]));
}

/** 429 `SIGN_IN_THROTTLED` (with `Retry-After`) when this entity user had too many wrong passwords lately. */
export function assertUserNotThrottled(services: Services, key: string): void {
  const wait = services.limits.linkSignIn.retryAfter(key, services.now().getTime());
  if (wait === 0) return;
  throw new ApiError(
    429,
    "Too Many Requests",
    "Too many failed sign-ins for this user at this entity: try again later",
    { reason: "SIGN_IN_THROTTLED", retryable: true, retryAfter: wait },
  );
}

export function countUserFailure(services: Services, key: string): void {
  services.limits.linkSignIn.hit(key, services.now().getTime());
}
