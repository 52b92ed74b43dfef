import type PgBoss from "pg-boss";
import type { Sql } from "../db/database";
import { bossDb, QUEUES } from "./boss";

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

  constructor(private readonly boss: PgBoss) {}

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
    setTimeout(() => this.wake(), delayMs + 5).unref();
  }

  /** Registers a local worker to wake after commits (pg-boss only wakes workers of this process). */
  addWorker(id: string): void {
    this.#workerIds.add(id);
  }

  /** Call after the transaction that sent jobs has committed: local workers fetch now, not at the next poll. */
  wake(): void {
    for (const id of this.#workerIds) this.boss.notifyWorker(id);
  }
}
