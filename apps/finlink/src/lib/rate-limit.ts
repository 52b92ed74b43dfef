/** Keys a limiter holds at most, unless told otherwise: about 10 MB at a few dozen timestamps per key. */
export const DEFAULT_MAX_KEYS = 50_000;

/**
 * Counts events per key in a sliding window. In memory, so per process: behind a load balancer with N
 * API processes a client gets up to N× the limit, which still stops online guessing of a secret.
 *
 * Its memory is bounded: a key holds at most `limit` timestamps (more never changes an answer), and at
 * most `maxKeys` keys are held. Past that, idle keys go first, then those with the fewest hits in the
 * window (ties: the least recently counted): a flood of new keys can only make the limiter forget counts
 * (forgive failures), never refuse anyone, and the counts it forgets are the smallest. Evicting the least
 * recently counted instead let ~maxKeys junk usernames wipe a victim's 10 wrong passwords and buy 10 fresh
 * guesses; now evicting a key at n hits takes maxKeys keys at n hits or more, each hit an attempt that the
 * per-address limits count.
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
  // one O(n) scan per maxKeys/4 keys, not one per key. Keys are bucketed by their count in the window, so
  // no sort is needed; each bucket is in map order, which is the order keys were last counted in, so ties
  // go to the least recently counted.
  #makeRoom(now: number): void {
    // Sparse, so its length is the largest count held (at most the timestamps held), not `limit`.
    const byCount: string[][] = [];
    for (const [key, hits] of this.#hits) {
      const count = countSince(hits, now - this.windowMs);
      if (count === 0) this.#hits.delete(key);
      else if (byCount[count]) byCount[count].push(key);
      else byCount[count] = [key];
    }
    let excess = this.#hits.size - Math.floor(this.maxKeys * 0.75);
    for (const keys of byCount) {
      for (const key of keys ?? []) {
        if (excess <= 0) return;
        this.#hits.delete(key);
        excess--;
      }
    }
  }
}

/** Timestamps after `since` (counted, not filtered: the sweep allocates nothing per key). */
function countSince(hits: number[], since: number): number {
  let count = 0;
  for (const t of hits) if (t > since) count++;
  return count;
}
