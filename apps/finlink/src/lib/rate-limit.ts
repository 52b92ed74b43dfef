/**
 * Counts events per key in a sliding window. In memory, so per process: behind a load balancer with N
 * API processes a client gets up to N× the limit, which still stops online guessing of a secret.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

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

  hit(key: string, now: number): void {
    const hits = this.#recent(key, now);
    hits.push(now);
    this.#hits.set(key, hits);
    if (this.#hits.size > 10_000) this.#sweep(now);
  }

  /** Forgets every count (tests that are about something else than this limit). */
  clear(): void {
    this.#hits.clear();
  }

  #recent(key: string, now: number): number[] {
    return (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  #sweep(now: number): void {
    for (const [key] of this.#hits) if (this.#recent(key, now).length === 0) this.#hits.delete(key);
  }
}
