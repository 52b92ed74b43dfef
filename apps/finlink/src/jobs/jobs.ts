import type PgBoss from "pg-boss";
import type { Sql } from "../db/database";
import { bossDb, QUEUES } from "./boss";

export interface ExtractJob {
  connectionId: string;
  /** The connection's `syncRun` when this job was sent: an older run's job stops without writing. */
  run: number;
}

/** Sending jobs. Each send takes the caller's transaction so the job commits with the state change. */
export class Jobs {
  readonly #workerIds = new Set<string>();

  constructor(private readonly boss: PgBoss) {}

  async sendExtraction(tx: Sql, job: ExtractJob): Promise<void> {
    await this.boss.send(QUEUES.extract, job, { db: bossDb(tx, { rollbackOnError: false }) });
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
