/** Sweeping starts at this many keys, and waits for the map to double again after each sweep. */
const SWEEP_MIN_KEYS = 10_000;

/**
 * Counts events per key in a sliding window. In memory, so per process: behind a load balancer with N
 * API processes a client gets up to N× the limit, which still stops online guessing of a secret.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  #sweepAt = SWEEP_MIN_KEYS;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  retryAfter(key: string, now: number): number {
    const hits = this.#recent(key, now);
    if (hits.length < this.limit) return 0;
    return Math.ceil(((hits[0] ?? now) + this.windowMs - now) / 1000);
  }

  /** Events `key` may still have in the window. */
  remaining(key: string, now: number): number {
    return Math.max(0, this.limit - this.#recent(key, now).length);
  }

  hit(key: string, now: number): void {
    const hits = this.#recent(key, now);
    hits.push(now);
    this.#hits.set(key, hits);
    if (this.#hits.size >= this.#sweepAt) this.#sweep(now);
  }

  /**
   * Counts an event now if `key` is under the limit, in one step (no await between the check and the
   * count, so parallel requests cannot all pass the check): 0, or the seconds to wait (nothing counted).
   */
  take(key: string, now: number): number {
    const wait = this.retryAfter(key, now);
    if (wait === 0) this.hit(key, now);
    return wait;
  }

  /** Takes back an event counted at `at` (by `take`) that turned out not to count. */
  giveBack(key: string, at: number): void {
    const hits = this.#hits.get(key);
    const index = hits?.lastIndexOf(at) ?? -1;
    if (hits && index >= 0) hits.splice(index, 1);
  }

  /** Keys held (idle ones go at the next sweep). */
  get size(): number {
    return this.#hits.size;
  }

  #recent(key: string, now: number): number[] {
    return (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  // Keys are chosen by callers (a client id, a username): a sweep on every hit past a fixed size would let
  // them make each hit scan the whole map.
  #sweep(now: number): void {
    for (const [key] of this.#hits) if (this.#recent(key, now).length === 0) this.#hits.delete(key);
    this.#sweepAt = Math.max(SWEEP_MIN_KEYS, this.#hits.size * 2);
  }
}
