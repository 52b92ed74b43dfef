import type { ConnectorEntity, Credentials } from "../../connectors/connector";
import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Wrong passwords and wrong MFA answers for one user of one entity, counted across Link sessions and apps.
 * The session's own limit (5) stops guessing in one session; without this, opening Link again would give 5
 * more guesses each time (at a password, or at a 6-digit code the entity keeps valid). 10 in 15 minutes, then
 * the entity user is refused for the rest of the window, by every API process (the counts are in the database:
 * see `RateLimiter`). Anyone who knows a username can keep it refused by guessing: the trade-off every lockout
 * makes.
 */
export const USER_FAILURE_LIMIT = 10;
export const USER_FAILURE_WINDOW_MS = 15 * 60_000;

/** How entities compare user names: case, width and separators ("12.345.678-z" is "12345678Z"). */
export const normaliseIdentity = (value: string) =>
  value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s.-]/g, "");

/**
 * Who is signing in, as a key that holds no credential: the entity and its non-secret fields (the username,
 * or whatever the entity's form names its user), normalised. The limiter stores only an HMAC of it (a hash
 * of a DNI alone could be reversed by enumeration).
 */
export function entityUserKey(entity: ConnectorEntity, credentials: Credentials): string {
  const identity = entity.credentialFields
    .filter((field) => field.type !== "password")
    .map((field) => normaliseIdentity(credentials[field.name] ?? ""));
  return JSON.stringify([entity.id, ...identity]);
}

/**
 * Wrong passwords (and MFA answers) from one client address across users (password spraying: a few guesses at many users
 * stays under every per-user limit). Counted only when the address is known (see `clientAddress`).
 */
export const ADDRESS_FAILURE_LIMIT = 50;

/** One sign-in attempt, counted before the entity is asked: for the entity user and the client's address. */
export interface SignInAttempt {
  key: string;
  address: string | null;
  at: number;
}

const throttled = (reason: "SIGN_IN_THROTTLED" | "ADDRESS_THROTTLED", wait: number) =>
  new ApiError(
    429,
    "Too Many Requests",
    reason === "SIGN_IN_THROTTLED"
      ? "Too many failed sign-ins for this user at this entity: try again later"
      : "Too many failed sign-ins from this address: try again later",
    { reason, retryable: true, retryAfter: wait },
  );

/**
 * Counts an attempt for this entity user and this client address before the entity is asked — so parallel
 * sessions cannot all pass the check — or refuses with 429 `SIGN_IN_THROTTLED` (the user) or
 * `ADDRESS_THROTTLED` (the address), with `Retry-After`. Settle it afterwards.
 */
export async function takeSignInAttempt(
  services: Services,
  key: string,
  address: string | null,
): Promise<SignInAttempt> {
  const at = services.now().getTime();
  const { linkSignIn, linkSignInPerAddress } = services.limits;
  if (address) {
    const wait = await linkSignInPerAddress.take(address, at);
    if (wait > 0) throw throttled("ADDRESS_THROTTLED", wait);
  }
  const wait = await linkSignIn.take(key, at);
  if (wait > 0) {
    if (address) await linkSignInPerAddress.giveBack(address, at);
    throw throttled("SIGN_IN_THROTTLED", wait);
  }
  return { key, address, at };
}

/**
 * A wrong password or MFA answer stays counted; anything else (the right password, the entity down, a refused claim) is
 * not a guess and is given back. The right password clears no earlier count: names that normalise alike
 * (`j.smith`, `jsmith`) would let one account's owner reset another's.
 */
export async function settleSignInAttempt(services: Services, attempt: SignInAttempt, wrongGuess: boolean) {
  const { linkSignIn, linkSignInPerAddress } = services.limits;
  if (wrongGuess) return;
  await linkSignIn.giveBack(attempt.key, attempt.at);
  if (attempt.address) await linkSignInPerAddress.giveBack(attempt.address, attempt.at);
}

/** Wrong passwords this entity user may still make in the window. */
export const userAttemptsLeft = (services: Services, key: string) =>
  services.limits.linkSignIn.remaining(key, services.now().getTime());
