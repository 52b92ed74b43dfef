/** Live streams one user may hold open at once (tabs, windows): enough for anyone, too few to exhaust the process. */
export const MAX_STREAMS_PER_USER = 10;
/** A comment line this often keeps proxies and the browser from closing an idle stream (many cut at 30–60 s). */
export const HEARTBEAT_MS = 15_000;

/**
 * Open event streams per user, in this process. A stream takes a slot before it starts and gives it back
 * when it ends, however it ends (closed tab, deleted connection, error).
 */
export class StreamSlots {
  readonly #open = new Map<string, number>();

  constructor(
    readonly max = MAX_STREAMS_PER_USER,
    /** Tests shorten it to see heartbeats arrive. */
    readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  /** A slot for `userId`, or null when all of theirs are taken. The answer gives it back (once, however often called). */
  take(userId: string): (() => void) | null {
    const open = this.#open.get(userId) ?? 0;
    if (open >= this.max) return null;
    this.#open.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(userId) ?? 1) - 1;
      if (left > 0) this.#open.set(userId, left);
      else this.#open.delete(userId);
    };
  }

  /** Streams open for `userId`, or for everyone. */
  openCount(userId?: string): number {
    if (userId !== undefined) return this.#open.get(userId) ?? 0;
    let count = 0;
    for (const open of this.#open.values()) count += open;
    return count;
  }
}
