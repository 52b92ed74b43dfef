import { createHmac, randomBytes } from "node:crypto";
import type { ConnectorEntity, Credentials } from "../../connectors/connector";
import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Wrong passwords for one user of one entity, counted across Link sessions and apps. The session's own
 * limit (5) stops guessing in one session; without this, opening Link again would give 5 more guesses
 * each time. 10 in 15 minutes, then the entity user is refused for the rest of the window (per process:
 * see `RateLimiter`). A sign-in with the right password clears the count. Anyone who knows a username can
 * keep it refused by guessing: the trade-off every lockout makes.
 */
export const USER_FAILURE_LIMIT = 10;
export const USER_FAILURE_WINDOW_MS = 15 * 60_000;

// Keys are HMACs under a key of this process: a hash of a DNI alone could be reversed by enumeration.
const KEY_SECRET = randomBytes(32);

/** How entities compare user names: case, width and separators ("12.345.678-z" is "12345678Z"). */
export const normaliseIdentity = (value: string) =>
  value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s.-]/g, "");

/**
 * Who is signing in, as a key that holds no credential: an HMAC of the entity and its non-secret fields
 * (the username, or whatever the entity's form names its user), normalised.
 */
export function entityUserKey(entity: ConnectorEntity, credentials: Credentials): string {
  const identity = entity.credentialFields
    .filter((field) => field.type !== "password")
    .map((field) => normaliseIdentity(credentials[field.name] ?? ""));
  return createHmac("sha256", KEY_SECRET)
    .update(JSON.stringify([entity.id, ...identity]))
    .digest("hex");
}

/** One attempt of an entity user, counted before the entity is asked. */
export interface UserAttempt {
  key: string;
  at: number;
}

/**
 * Counts an attempt for this entity user before the entity is asked — so parallel sessions cannot all
 * pass the check — or refuses with 429 `SIGN_IN_THROTTLED` (and `Retry-After`). Settle it afterwards.
 */
export function takeUserAttempt(services: Services, key: string): UserAttempt {
  const at = services.now().getTime();
  const wait = services.limits.linkSignIn.take(key, at);
  if (wait > 0) {
    throw new ApiError(
      429,
      "Too Many Requests",
      "Too many failed sign-ins for this user at this entity: try again later",
      { reason: "SIGN_IN_THROTTLED", retryable: true, retryAfter: wait },
    );
  }
  return { key, at };
}

/**
 * What the attempt turned out to be: a wrong password stays counted; the right one clears the user's
 * count; anything else (the entity down, a refused claim) is not a guess and is given back.
 */
export function settleUserAttempt(services: Services, attempt: UserAttempt, outcome: "wrong" | "right" | "other") {
  const limiter = services.limits.linkSignIn;
  if (outcome === "right") limiter.reset(attempt.key);
  else if (outcome === "other") limiter.giveBack(attempt.key, attempt.at);
}

/** Wrong passwords this entity user may still make in the window. */
export const userAttemptsLeft = (services: Services, key: string) =>
  services.limits.linkSignIn.remaining(key, services.now().getTime());
