import { createHash } from "node:crypto";
import { and, eq, getTableColumns, ne, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { ExtractBatch } from "../connectors/connector";
import type { Database, Db } from "../db/database";
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

// PostgreSQL takes at most 65,535 bind parameters per statement; 1,000 rows × ≤ 14 columns stays below.
const CHUNK = 1000;

/** `excluded.<col>` for every column but the key, so an upsert overwrites a row with its newer values. */
function updateSet(table: PgTable, keep: string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!keep.includes(key)) set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

async function upsert<T extends PgTable>(tx: Db, table: T, rows: T["$inferInsert"][], keep: string[]): Promise<void> {
  const set = updateSet(table, keep);
  const target = [(table as unknown as { connectionId: never }).connectionId, (table as unknown as { id: never }).id];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(table)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({ target, set });
  }
}

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
): Promise<boolean> {
  return database.transaction(async (tx) => {
    const [row] = await tx.select({ id: connections.id }).from(connections).where(currentRun(job)).for("share");
    if (!row) return false;
    await storeBatch(tx, job, batch, now);
    return true;
  });
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
  const hex = createHash("sha256").update(`${connectionId}\u0000${kind}\u0000${sourceId}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The batch's rows, each an upsert on (connection, stable id): a job retried after a crash, or an
 * update, rewrites rows in place instead of duplicating them.
 */
async function storeBatch(tx: Db, { connectionId, run }: ExtractJob, batch: ExtractBatch, now: Date): Promise<void> {
  const stamp = { connectionId, updatedAt: now };
  const id = (kind: IdKind, sourceId: string) => apiId(connectionId, kind, sourceId);
  const idOrNull = (kind: IdKind, sourceId: string | null) => (sourceId === null ? null : id(kind, sourceId));
  const keepCreated = ["connectionId", "id", "createdAt"];
  if (batch.accounts?.length) {
    await upsert(
      tx,
      accounts,
      batch.accounts.map((a) => ({
        ...a,
        id: id("account", a.id),
        portfolio: idOrNull("portfolio", a.portfolio),
        ...stamp,
        createdAt: now,
      })),
      keepCreated,
    );
  }
  if (batch.portfolios?.length) {
    await upsert(
      tx,
      portfolios,
      batch.portfolios.map((p) => ({ ...p, id: id("portfolio", p.id), ...stamp, createdAt: now })),
      keepCreated,
    );
  }
  const plain = ["connectionId", "id"];
  if (batch.investments?.length) {
    await upsert(
      tx,
      investments,
      batch.investments.map((row) => ({
        ...row,
        id: id("investment", row.id),
        relatedSecurity: idOrNull("investment", row.relatedSecurity),
        connectionId,
      })),
      plain,
    );
  }
  if (batch.positions?.length) {
    await upsert(
      tx,
      positions,
      batch.positions.map((row) => ({
        ...row,
        id: id("position", row.id),
        portfolioId: id("portfolio", row.portfolioId),
        investmentId: id("investment", row.investmentId),
        connectionId,
        syncRun: run,
      })),
      plain,
    );
  }
  if (batch.transactions?.length) {
    await upsert(
      tx,
      transactions,
      batch.transactions.map((row) => ({
        ...row,
        id: id("transaction", row.id),
        accountId: id("account", row.accountId),
        connectionId,
      })),
      plain,
    );
  }
  if (batch.portfolioTransactions?.length) {
    await upsert(
      tx,
      portfolioTransactions,
      batch.portfolioTransactions.map((row) => ({
        ...row,
        id: id("portfolioTransaction", row.id),
        portfolioId: id("portfolio", row.portfolioId),
        investmentId: id("investment", row.investmentId),
        connectionId,
      })),
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
