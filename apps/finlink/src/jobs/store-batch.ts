import { hash } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import type { ExtractBatch } from "../connectors/connector";
import type { Database, Db, Sql } from "../db/database";
import {
  accounts,
  connections,
  investments,
  portfolios,
  portfolioTransactions,
  positions,
  transactions,
} from "../db/schema";
import { currentRun } from "./current-run";
import type { ExtractJob } from "./jobs";
import { upsert, type WriteMode } from "./upsert-plan";

/**
 * Writes one batch of `job` in one transaction, only if the job is still the connection's current run;
 * false (nothing written) when it is not, and the run must stop. The row is locked (FOR SHARE) before
 * the check and held until the batch commits: a delete, revoke or reset-login waits for a batch already
 * checked, and a batch that comes after them finds the run stale. So no batch lands after they return,
 * and the foreign key to the connection never fires. Only the write is inside the transaction: the
 * connector runs outside it (PGlite has one connection, and a bank's network I/O must not hold a lock).
 */
export async function writeBatch(
  database: Database,
  job: ExtractJob,
  batch: ExtractBatch,
  now: Date,
  mode: WriteMode = "upsert",
): Promise<boolean> {
  return database.transaction(async (tx, sql) => {
    const [row] = await tx.select({ id: connections.id }).from(connections).where(currentRun(job)).for("share");
    if (!row) return false;
    await storeBatch(sql, mode, job, batch, now);
    return true;
  });
}

/** PostgreSQL's unique_violation (both drivers pass the server's error through as it is). */
const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "23505";

/**
 * Writes a batch as new rows while the run has found none of its rows stored (`run.mode` insert), else as
 * an upsert. A batch that meets a stored row rolls back whole and is written again as an upsert, and so is
 * every later batch of the run: a job retried after a crash, or a refresh, pays one failed batch.
 */
async function writeNewOrChanged(
  database: Database,
  job: ExtractJob,
  batch: ExtractBatch,
  now: Date,
  run: { mode: WriteMode },
): Promise<boolean> {
  if (run.mode === "insert") {
    try {
      return await writeBatch(database, job, batch, now, "insert");
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      run.mode = "upsert";
    }
  }
  return writeBatch(database, job, batch, now, "upsert");
}

/** Transactions one batch is written in at once: PostgreSQL has connections and cores for two; PGlite has one. */
export const writeWidth = (database: Database) => (database.kind === "postgres" ? 2 : 1);

/** Rows below which a batch is not worth splitting: two transactions cost more than they overlap. */
const MIN_PART_ROWS = 250;

/** `batch` cut into at most `parts` batches of consecutive rows of each kind, none smaller than MIN_PART_ROWS. */
export function splitBatch(batch: ExtractBatch, parts: number): ExtractBatch[] {
  const fields = Object.entries(batch) as [keyof ExtractBatch, unknown[] | undefined][];
  const rows = fields.reduce((sum, [, list]) => sum + (list?.length ?? 0), 0);
  const count = Math.max(1, Math.min(parts, Math.floor(rows / MIN_PART_ROWS)));
  if (count === 1) return [batch];
  return Array.from({ length: count }, (_, part) => {
    const piece: Record<string, unknown[]> = {};
    for (const [field, list] of fields) {
      if (!list) continue;
      const size = Math.ceil(list.length / count);
      piece[field] = list.slice(part * size, (part + 1) * size);
    }
    return piece as ExtractBatch;
  });
}

/**
 * Writes a run's batches in order, each with `writeBatch` (current-run check and rows in one transaction),
 * as new rows until one is found stored, then as upserts (`writeNewOrChanged`).
 * On PostgreSQL a big batch goes in two transactions at once on two connections, so the server's inserts
 * and index updates run on both cores (measured: 1.6× one after the other); the next batch is asked for
 * only once the whole batch is stored (connectors and tests rely on that). Answers false, writing no more,
 * once a write finds the run stale; throws a write's failure, the source's, or the signal's reason.
 */
export async function writeBatches(
  database: Database,
  job: ExtractJob,
  batches: AsyncIterable<ExtractBatch>,
  options: { signal: AbortSignal; now: () => Date; width?: number },
): Promise<boolean> {
  const width = options.width ?? writeWidth(database);
  const run = { mode: "insert" as WriteMode };
  for await (const batch of batches) {
    if (options.signal.aborted) throw options.signal.reason;
    const now = options.now();
    // Every part settles before the outcome counts: nothing of the run is still writing when this returns.
    const results = await Promise.allSettled(
      splitBatch(batch, width).map((part) => writeNewOrChanged(database, job, part, now, run)),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
    if (results.some((result) => result.status === "fulfilled" && !result.value)) return false;
  }
  return true;
}

/** Which kind of row an id names: part of the hash, so an account and a portfolio never share one. */
type IdKind = "account" | "transaction" | "portfolio" | "investment" | "position" | "portfolioTransaction";

/**
 * The API id of a connector's row: a UUID (Vumi's ids are UUIDs) derived from the connection and the
 * connector's stable id, so an update lands on the same row, and two connections of the same person at
 * the same entity never share an id. RFC 9562 version 8 (a name-based UUID of our own hash).
 * @example apiId("0b8f…", "account", "acc_3f2a…") // "5c1d9e2a-7b4f-8a31-9c0e-…"
 */
export function apiId(connectionId: string, kind: IdKind, sourceId: string): string {
  // One-shot `hash`: the same digest as createHash, without a Hash object per row (a row is hashed on every write).
  const hex = hash("sha256", `${connectionId}\u0000${kind}\u0000${sourceId}`, "hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The batch's rows, each an upsert on (connection, stable id): a job retried after a crash, or an
 * update, rewrites rows in place instead of duplicating them.
 */
async function storeBatch(
  sql: Sql,
  mode: WriteMode,
  { connectionId, run }: ExtractJob,
  batch: ExtractBatch,
  now: Date,
): Promise<void> {
  const id = (kind: IdKind, sourceId: string) => apiId(connectionId, kind, sourceId);
  const idOrNull = (kind: IdKind, sourceId: string | null) => (sourceId === null ? null : id(kind, sourceId));
  // A batch's rows point at few parents: hash each parent's id once, not once per row.
  const parentIds = new Map<string, string>();
  const parent = (kind: IdKind, sourceId: string) => {
    const key = `${kind}\u0000${sourceId}`;
    let known = parentIds.get(key);
    if (known === undefined) {
      known = id(kind, sourceId);
      parentIds.set(key, known);
    }
    return known;
  };
  const stamped = { connectionId, updatedAt: now, createdAt: now };
  const keepCreated = ["connectionId", "id", "createdAt"];
  const plain = ["connectionId", "id"];
  if (batch.accounts?.length) {
    await upsert(
      sql,
      mode,
      accounts,
      batch.accounts,
      { ...stamped, id: (a) => id("account", a.id), portfolio: (a) => idOrNull("portfolio", a.portfolio) },
      keepCreated,
    );
  }
  if (batch.portfolios?.length) {
    await upsert(
      sql,
      mode,
      portfolios,
      batch.portfolios,
      { ...stamped, id: (p) => id("portfolio", p.id) },
      keepCreated,
    );
  }
  if (batch.investments?.length) {
    await upsert(
      sql,
      mode,
      investments,
      batch.investments,
      {
        connectionId,
        id: (row) => id("investment", row.id),
        relatedSecurity: (row) => idOrNull("investment", row.relatedSecurity),
      },
      plain,
    );
  }
  if (batch.positions?.length) {
    await upsert(
      sql,
      mode,
      positions,
      batch.positions,
      {
        connectionId,
        syncRun: run,
        id: (row) => id("position", row.id),
        portfolioId: (row) => parent("portfolio", row.portfolioId),
        investmentId: (row) => parent("investment", row.investmentId),
      },
      plain,
    );
  }
  if (batch.transactions?.length) {
    await upsert(
      sql,
      mode,
      transactions,
      batch.transactions,
      { connectionId, id: (row) => id("transaction", row.id), accountId: (row) => parent("account", row.accountId) },
      plain,
    );
  }
  if (batch.portfolioTransactions?.length) {
    await upsert(
      sql,
      mode,
      portfolioTransactions,
      batch.portfolioTransactions,
      {
        connectionId,
        id: (row) => id("portfolioTransaction", row.id),
        portfolioId: (row) => parent("portfolio", row.portfolioId),
        investmentId: (row) => parent("investment", row.investmentId),
      },
      plain,
    );
  }
}

/**
 * After a run that ended READY: positions it did not write are no longer held at the entity (sold out,
 * transferred away), so they leave the active positions. Only then — a failed update keeps the older data.
 */
export async function dropStalePositions(tx: Db, { connectionId, run }: ExtractJob): Promise<void> {
  await tx.delete(positions).where(and(eq(positions.connectionId, connectionId), ne(positions.syncRun, run)));
}
