import type { WriteTracker } from "@finlink/db-kit";

/** How many connections' rows a process keeps for the status endpoint (the oldest is forgotten first). */
export const CONNECTION_VIEWS_MAX = 10_000;

interface Entry<T> {
  row: T;
  generation: number;
}

/**
 * Rows read by the token's hash, kept while nothing else touched the database: `writes` counts every other
 * statement and transaction of this process, and on PGlite this process is every writer there is. An entry
 * holds only while the generation it was read at is current and nothing runs, so a status change, a revoke,
 * a delete — or anything at all — is seen by the next read, as without the cache. Only rows found are kept:
 * unknown tokens cannot push known ones out.
 */
export class ViewCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    private readonly writes: WriteTracker,
    private readonly max = CONNECTION_VIEWS_MAX,
  ) {}

  /** The row under `key`, from memory while it is current, else from `load` (kept if nothing ran meanwhile). */
  async read(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const { writes } = this;
    const known = this.#entries.get(key);
    // Any statement that starts moves the generation, so an entry of the current one was read after the last
    // statement ended and before the next began.
    if (known && known.generation === writes.generation) return known.row;
    const generation = writes.generation;
    const quiet = writes.inFlight === 0;
    const row = await load();
    if (row === undefined) this.#entries.delete(key);
    // Kept under the generation from before the read: if anything started or ended meanwhile, it is stale at once.
    else if (quiet) this.#keep(key, { row, generation });
    return row;
  }

  #keep(key: string, entry: Entry<T>) {
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, entry);
  }

  get size(): number {
    return this.#entries.size;
  }
}
