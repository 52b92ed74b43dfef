/** Keys a limiter holds at most, unless told otherwise: about 10 MB at a few dozen timestamps per key. */
export const DEFAULT_MAX_KEYS = 50_000;

/**
 * Counts events per key in a sliding window. In memory, so per process: behind a load balancer with N
 * API processes a client gets up to N× the limit, which still stops online guessing of a secret.
 *
 * Its memory is bounded: a key holds at most `limit` timestamps (more never changes an answer), and at
 * most `maxKeys` keys are held. Past that, idle keys go first, then the least recently counted ones: a
 * flood of new keys can only make the limiter forget counts (forgive failures), never refuse anyone.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  retryAfter(key: string, now: number): number {
    const hits = this.#recent(key, now);
    if (hits.length < this.limit) return 0;
    // Only the last `limit` hits are kept: the oldest of them is the one whose leaving frees a place.
    return Math.ceil(((hits[0] ?? now) + this.windowMs - now) / 1000);
  }

  /** Events `key` may still have in the window. */
  remaining(key: string, now: number): number {
    return Math.max(0, this.limit - this.#recent(key, now).length);
  }

  hit(key: string, now: number): void {
    const hits = this.#recent(key, now);
    hits.push(now);
    if (hits.length > this.limit) hits.splice(0, hits.length - this.limit);
    // Deleted and set again: the map's order is then the order keys were last counted in.
    const known = this.#hits.delete(key);
    if (!known && this.#hits.size >= this.maxKeys) this.#makeRoom(now);
    this.#hits.set(key, hits);
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

  /** Keys held (idle ones go when room is needed). */
  get size(): number {
    return this.#hits.size;
  }

  /** Timestamps held for `key`, within the window or not yet swept. */
  held(key: string): number {
    return this.#hits.get(key)?.length ?? 0;
  }

  #recent(key: string, now: number): number[] {
    return (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  // Runs only when a new key finds the map full, and then frees a quarter of it: a flood of new keys costs
  // one scan per maxKeys/4 keys, not one per key.
  #makeRoom(now: number): void {
    for (const [key] of this.#hits) if (this.#recent(key, now).length === 0) this.#hits.delete(key);
    const target = Math.floor(this.maxKeys * 0.75);
    for (const key of this.#hits.keys()) {
      if (this.#hits.size <= target) break;
      this.#hits.delete(key);
    }
  }
}
