import type PgBoss from "pg-boss";
import type { Sql } from "../db/database";
import { bossDb, QUEUES } from "./boss";
import type { WakeChannel } from "./wake-channel";

export interface ExtractJob {
  connectionId: string;
  /** The connection's `syncRun` when this job was sent: an older run's job stops without writing. */
  run: number;
}

export interface WebhookJob {
  eventId: string;
  /** A replay asked for by the app: sent even while the endpoint is marked failing. */
  manual?: boolean;
}

/** Sending jobs. Each send takes the caller's transaction so the job commits with the state change. */
export class Jobs {
  readonly #workerIds = new Set<string>();

  constructor(
    private readonly boss: PgBoss,
    /** Wakes other processes' workers too (PostgreSQL); without it only this process's wake. */
    private readonly channel?: WakeChannel,
  ) {}

  async sendExtraction(tx: Sql, job: ExtractJob): Promise<void> {
    await this.boss.send(QUEUES.extract, job, { db: bossDb(tx, { rollbackOnError: false }) });
  }

  /** Queues a delivery attempt of an outbox event, now or at `startAfter`. */
  async sendWebhook(tx: Sql, job: WebhookJob, startAfter?: Date): Promise<void> {
    await this.boss.send(QUEUES.webhook, job, {
      db: bossDb(tx, { rollbackOnError: false }),
      ...(startAfter ? { startAfter } : {}),
    });
  }

  /** Queues many delivery attempts at once (recover). */
  async sendWebhooks(tx: Sql, jobs: WebhookJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((data) => ({ name: QUEUES.webhook, data })),
      { db: bossDb(tx, { rollbackOnError: false }) },
    );
  }

  /** Wakes local workers after `delayMs` (a retry due soon need not wait for the next poll). */
  wakeLater(delayMs: number): void {
    if (this.#workerIds.size === 0 || delayMs > 60_000) return;
    setTimeout(() => this.wakeLocal(), delayMs + 5).unref();
  }

  /** Registers a local worker to wake after commits (pg-boss only wakes workers of this process). */
  addWorker(id: string): void {
    this.#workerIds.add(id);
  }

  /**
   * Call after the transaction that sent jobs has committed: workers fetch now, not at their next poll —
   * this process's, and (on PostgreSQL) other processes' through the wake channel.
   */
  wake(): void {
    this.wakeLocal();
    this.channel?.announce();
  }

  /** Wakes this process's workers only. */
  wakeLocal(): void {
    for (const id of this.#workerIds) this.boss.notifyWorker(id);
  }

  /** Wakes this process's workers when another process announces jobs (call where workers run). */
  listen(): Promise<void> {
    return this.channel?.listen(() => this.wakeLocal()) ?? Promise.resolve();
  }

  /** Stops listening and announcing. */
  close(): Promise<void> {
    return this.channel?.close() ?? Promise.resolve();
  }
}
