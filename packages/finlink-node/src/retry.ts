/** How a call may be retried. */
export type RetryMode =
  /** GETs, login, and exchange (which carries an Idempotency-Key): network errors, 5xx, 429. */
  | "idempotent"
  /** Other POSTs and DELETE: a lost answer may hide a done deed, so only a 429 (refused unread) is retried. */
  | "unsafe";

export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  attempts?: number;
  /** First backoff; doubled each time, with jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Longest backoff (default 5 s). */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` waited (default 30 s). A longer one is not waited at all: the call fails at once with
   * `retryAfterMs` on the error, because retrying earlier than Finlink asked would only be refused again.
   */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

/** Statuses worth another try: 429 always (refused unread), 5xx for idempotent calls only. */
export function isRetryableStatus(status: number, mode: RetryMode): boolean {
  if (status === 429) return true;
  return mode === "idempotent" && status >= 500;
}

/**
 * The wait before retry `n` (1 for the first retry): exponential, "equal jitter" (half fixed, half random),
 * so retries of many clients spread out but none comes back at once.
 */
export function backoffMs(n: number, options: Required<RetryOptions>, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (n - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * `Retry-After` in milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable; a date in the past is 0.
 * @example parseRetryAfter("7", new Date()) // 7000
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the HTTP-date forms Date.parse reads: a bare number of another shape ("1.5", "-3") is not one.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
