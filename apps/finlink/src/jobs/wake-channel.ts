import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Database } from "../db/database";
import type { Logger } from "../lib/logger";

/** The PostgreSQL channel a commit that sent jobs is announced on. */
export const WAKE_CHANNEL = "finlink_jobs";
const RECONNECT_MIN_MS = 500;
/**
 * At most one announcement and one wake-up per this many ms (the first at once, the last never dropped): a
 * burst of commits (200/s) otherwise made every worker process fetch 200 times a second, and the fetches
 * slowed the commits that caused them (the API fired 111–135 events/s instead of 200).
 */
export const WAKE_THROTTLE_MS = 20;
const RECONNECT_MAX_MS = 30_000;

/**
 * Tells other processes' workers that jobs were committed, so they fetch now instead of at their next
 * poll (pg-boss 10 polls every 2 s and wakes only its own process's workers; its LISTEN/NOTIFY came in
 * v12, which needs Node 22). On PostgreSQL, `announce` sends a NOTIFY and `listen` keeps a connection that
 * LISTENs and calls `onWake`, both throttled (`WAKE_THROTTLE_MS`); on PGlite (one process) both do nothing. A lost announcement or a dropped listener costs latency, never a job: polling still runs.
 */
export class WakeChannel {
  /** This process's mark on its announcements: its own are not heard again. */
  readonly #origin = randomUUID();
  readonly #send = throttle(() => {
    if (this.#closed) return;
    this.database.sql
      .query("select pg_notify($1, $2)", [WAKE_CHANNEL, this.#origin])
      .catch((error: Error) => this.logger.debug({ err: error }, "wake announcement not sent"));
  }, WAKE_THROTTLE_MS);
  #client: pg.Client | undefined;
  #closed = false;
  #retryMs = RECONNECT_MIN_MS;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  /** Call after the commit: other processes wake. */
  announce(): void {
    if (this.database.kind !== "postgres" || this.#closed) return;
    this.#send();
  }

  /** Listens for other processes' announcements (workers' processes); reconnects when the server goes away. */
  async listen(wake: () => void): Promise<void> {
    const onWake = throttle(wake, WAKE_THROTTLE_MS);
    await this.#listen(onWake);
  }

  async #listen(onWake: () => void): Promise<void> {
    const url = this.database.url;
    if (this.database.kind !== "postgres" || !url || this.#closed) return;
    const client = new pg.Client({ connectionString: url });
    const retry = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.end().catch(() => {});
      if (this.#closed) return;
      this.#retryTimer = setTimeout(() => {
        this.#listen(onWake).catch(() => {});
      }, this.#retryMs);
      this.#retryTimer.unref();
      this.#retryMs = Math.min(this.#retryMs * 2, RECONNECT_MAX_MS);
    };
    this.#client = client;
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "wake channel lost: polling until it is back");
      retry();
    });
    client.on("end", retry);
    client.on("notification", (message) => {
      if (message.channel === WAKE_CHANNEL && message.payload !== this.#origin) onWake();
    });
    try {
      await client.connect();
      await client.query(`listen ${WAKE_CHANNEL}`);
      this.#retryMs = RECONNECT_MIN_MS;
      // Jobs committed while the channel was down were announced to nobody: fetch once now.
      onWake();
    } catch (error) {
      this.logger.warn({ err: error }, "wake channel not open: polling until it is");
      retry();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}

/** Calls `fn` at once, then at most once per `ms`: calls in between are folded into one at the end of it. */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  const run = () => {
    fn();
    timer = setTimeout(() => {
      timer = undefined;
      if (again) {
        again = false;
        run();
      }
    }, ms);
    timer.unref();
  };
  return () => {
    if (timer) again = true;
    else run();
  };
}
