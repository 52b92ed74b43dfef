/**
 * When a failed webhook attempt is tried again: the schedule of Svix-based senders (Resend, Anduin),
 * about 27 h in all, each delay ±20 % so endpoints that fail together are not retried together.
 * Tests scale it through FINLINK_WEBHOOK_SCHEDULE_SCALE; the schedule itself never changes.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const JITTER = 0.2;
/** Failures with no success in between for this long mark the endpoint failing, whatever the schedule says. */
export const FAILING_AFTER_MS = 5 * 86_400_000;
/** The schedule's longest span, jitter included: how long a retired signing key must still verify. */
export const RETRY_WINDOW_MS = RETRY_SCHEDULE_SECONDS.reduce((sum, s) => sum + s, 0) * 1000 * (1 + JITTER);

export interface RetryInput {
  /** Attempts made so far in this schedule (1 after the first failure). */
  attemptsMade: number;
  scale: number;
  /** The failed answer's status and `Retry-After`, when there was an answer. */
  status?: number | undefined;
  retryAfter?: string | null | undefined;
  now: Date;
  /** [0, 1); Math.random by default. */
  random?: () => number;
}

/**
 * The delay before the next attempt in ms, or null when the schedule is spent. A 429 or 503 with
 * `Retry-After` is honoured within 1× to 2× the scheduled delay: a receiver cannot make us hammer it
 * sooner than planned, nor park an event for days.
 */
export function retryDelayMs(input: RetryInput): number | null {
  const base = RETRY_SCHEDULE_SECONDS[input.attemptsMade - 1];
  if (input.attemptsMade < 1 || base === undefined) return null;
  const random = input.random ?? Math.random;
  const scheduled = base * 1000 * input.scale * (1 + JITTER * (2 * random() - 1));
  if ((input.status === 429 || input.status === 503) && input.retryAfter) {
    const asked = retryAfterMs(input.retryAfter, input.now);
    if (asked !== null) return Math.min(Math.max(asked, scheduled), 2 * scheduled);
  }
  return scheduled;
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; null when it is neither. */
export function retryAfterMs(value: string, now: Date): number | null {
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its weekday and zone: a bare number or other text is not one.
  if (!/^[A-Za-z]{3}, /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
