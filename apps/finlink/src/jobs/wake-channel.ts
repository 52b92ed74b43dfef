import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Database } from "../db/database";
import type { Logger } from "../lib/logger";

/** The PostgreSQL channel a commit that sent jobs is announced on. */
export const WAKE_CHANNEL = "finlink_jobs";
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Tells other processes' workers that jobs were committed, so they fetch now instead of at their next
 * poll (pg-boss 10 polls every 2 s and wakes only its own process's workers; its LISTEN/NOTIFY came in
 * v12, which needs Node 22). On PostgreSQL, `announce` sends a NOTIFY (one per tick, however many commits
 * asked) and `listen` keeps a connection that LISTENs and calls `onWake`; on PGlite (one process) both do
 * nothing. A lost announcement or a dropped listener costs latency, never a job: polling still runs.
 */
export class WakeChannel {
  /** This process's mark on its announcements: its own are not heard again. */
  readonly #origin = randomUUID();
  #pending = false;
  #client: pg.Client | undefined;
  #closed = false;
  #retryMs = RECONNECT_MIN_MS;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  /** Call after the commit: other processes wake (coalesced into one NOTIFY per tick). */
  announce(): void {
    if (this.database.kind !== "postgres" || this.#pending || this.#closed) return;
    this.#pending = true;
    setImmediate(() => {
      this.#pending = false;
      this.database.sql
        .query("select pg_notify($1, $2)", [WAKE_CHANNEL, this.#origin])
        .catch((error: Error) => this.logger.debug({ err: error }, "wake announcement not sent"));
    });
  }

  /** Listens for other processes' announcements (workers' processes); reconnects when the server goes away. */
  async listen(onWake: () => void): Promise<void> {
    const url = this.database.url;
    if (this.database.kind !== "postgres" || !url || this.#closed) return;
    const client = new pg.Client({ connectionString: url });
    const retry = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.end().catch(() => {});
      if (this.#closed) return;
      this.#retryTimer = setTimeout(() => {
        this.listen(onWake).catch(() => {});
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
