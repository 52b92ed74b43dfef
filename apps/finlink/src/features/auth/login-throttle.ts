import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Failed logins per client address: 20 in 5 minutes, then that address's wrong secrets are answered 429
 * (its right secret still logs in: checking it costs one SHA-256). Never per client id: the id is public
 * (the `sub` of every start token in a Link URL), so a limit on it would let anyone lock an app out.
 * Secrets are 256 random bits, so the limit is not what stops guessing; it bounds the noise one address
 * makes, and the scrypt work (~60 ms of a core each) of apps still holding an older scrypt hash — those are
 * not checked for a throttled address until their next successful login replaces the hash.
 */
export const LOGIN_FAILURE_LIMIT = 20;
export const LOGIN_FAILURE_WINDOW_MS = 5 * 60_000;
/** scrypt checks at once: two of libuv's four threads, leaving the others (and the event loop) to the rest. */
export const LOGIN_CHECK_CONCURRENCY = 2;
/** Checks that may wait (about half a second each at the back): beyond them, 503 at once. */
export const LOGIN_CHECK_QUEUE = 32;

/** One login attempt: counted before the secret is checked, or (over the limit) not counted at all. */
export interface LoginAttempt {
  address: string | null;
  at: number;
  /** Seconds until the address is under its limit again; 0 when the attempt was counted. */
  throttledFor: number;
}

/**
 * Counts an attempt for the client's address before the secret is checked (check and count in one step,
 * so parallel requests, in any process, cannot all pass the check); over the limit nothing is counted and
 * `throttledFor` says for how long. An unknown address (a request made in-process) is not counted. Settle
 * it afterwards.
 */
export async function takeLoginAttempt(services: Services, address: string | null): Promise<LoginAttempt> {
  const at = services.now().getTime();
  return { address, at, throttledFor: address ? await services.limits.apiLoginPerAddress.take(address, at) : 0 };
}

/** A counted wrong secret (or unknown client) stays counted; anything else (success, a busy server) is given back. */
export async function settleLoginAttempt(services: Services, attempt: LoginAttempt, failed: boolean): Promise<void> {
  if (!failed && attempt.address && attempt.throttledFor === 0) {
    await services.limits.apiLoginPerAddress.giveBack(attempt.address, attempt.at);
  }
}

export const loginThrottled = (retryAfter: number) =>
  new ApiError(429, "Too Many Requests", "Too many failed logins from this address: try again later", {
    reason: "LOGIN_THROTTLED",
    retryable: true,
    retryAfter,
  });

export const loginBusy = () =>
  new ApiError(503, "Service Unavailable", "Too many logins are being checked right now: retry in a second", {
    reason: "LOGIN_BUSY",
    retryable: true,
    retryAfter: 1,
  });
