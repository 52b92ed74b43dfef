import { createHmac, hkdfSync } from "node:crypto";
import type { Database } from "../db/database";

/** Where limiters count, shared by every API process on the database. */
export interface RateLimitStore {
  database: Database;
  /** Keys are stored as HMACs under this secret (`rateLimitSecret`), the same in every process. */
  secret: Buffer;
}

/**
 * The secret rate-limit keys are hashed under, derived from the data encryption key: every process of a
 * deployment derives the same one (a random secret per process would make each count apart), and the
 * table holds no client address or entity user name, only HMACs nobody can reverse by enumeration.
 */
export const rateLimitSecret = (encryptionKey: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "finlink rate-limit keys", 32));

/** The class of the advisory locks a take holds (two-int form: apart from the bigint locks of migrations and start). */
const LOCK_CLASS = 7_042_100;

/**
 * Counts events per key in a sliding window, in the `rate_limit_hits` table: every API process counts
 * against the same limit, so behind a load balancer a client gets the limit once, not once per process.
 *
 * `take` checks and counts in one transaction holding an advisory lock on the key: parallel requests, in one
 * process or several, cannot all pass the check. The table stays small: a key holds at most `limit` rows
 * (a refused take counts nothing), each take sweeps its key's rows that left the window, and housekeeping
 * sweeps the rest (`expires_ms`). A flood of new keys adds rows that leave with their window; it never
 * makes the limiter forget a key's count (the in-memory limiter it replaces had to evict keys when full).
 */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    /** The limiter's name in the table: limiters with the same keys (an address) count apart. */
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /**
   * Counts an event at `now` if `key` is under the limit: 0, or the seconds until it may try again (then
   * nothing is counted). The wait is until the oldest of its last `limit` events leaves the window.
   */
  take(key: string, now: number): Promise<number> {
    const hashed = this.#hash(key);
    return this.store.database.transaction(async (_tx, sql) => {
      await sql.query("select pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, hashed]);
      await sql.query("delete from rate_limit_hits where limiter = $1 and key = $2 and at_ms <= $3", [
        this.name,
        hashed,
        now - this.windowMs,
      ]);
      const { rows } = await sql.query<{ at_ms: string }>(
        "select at_ms from rate_limit_hits where limiter = $1 and key = $2 order by at_ms desc limit $3",
        [this.name, hashed, this.limit],
      );
      if (rows.length < this.limit) {
        await sql.query("insert into rate_limit_hits (limiter, key, at_ms, expires_ms) values ($1, $2, $3, $4)", [
          this.name,
          hashed,
          now,
          now + this.windowMs,
        ]);
        return 0;
      }
      const oldest = Number(rows[rows.length - 1]?.at_ms ?? now);
      return Math.ceil((oldest + this.windowMs - now) / 1000);
    });
  }

  /** Takes back one event counted at `at` (by `take`) that turned out not to count; none held, nothing changes. */
  async giveBack(key: string, at: number): Promise<void> {
    await this.store.database.sql.query(
      `delete from rate_limit_hits where id = (
         select id from rate_limit_hits where limiter = $1 and key = $2 and at_ms = $3 order by id desc limit 1)`,
      [this.name, this.#hash(key), at],
    );
  }

  /** Events `key` may still have in the window. */
  async remaining(key: string, now: number): Promise<number> {
    const { rows } = await this.store.database.sql.query<{ n: number }>(
      "select count(*)::int as n from rate_limit_hits where limiter = $1 and key = $2 and at_ms > $3",
      [this.name, this.#hash(key), now - this.windowMs],
    );
    return Math.max(0, this.limit - (rows[0]?.n ?? 0));
  }

  #hash(key: string): string {
    return createHmac("sha256", this.store.secret).update(this.name).update("\0").update(key).digest("base64url");
  }
}

/** Deletes counts that left their window, of every limiter (housekeeping): answers how many went. */
export async function pruneRateLimits(database: Database, now: number): Promise<number> {
  const { rows } = await database.sql.query<{ n: number }>(
    "with gone as (delete from rate_limit_hits where expires_ms <= $1 returning 1) select count(*)::int as n from gone",
    [now],
  );
  return rows[0]?.n ?? 0;
}
