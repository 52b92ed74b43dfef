import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractBatch } from "../connectors/connector";
import { extractBatches, merge } from "../connectors/sandbox/test-support";
import { connections } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { testBackends } from "../testing/backends";
import { createTestContext, type TestContext } from "../testing/test-context";
import { CONNECTION_DATA_TABLES, dataRowCounts, totalRows } from "./lifecycle.testing";
import { apiId, splitBatch, writeBatch, writeBatches } from "./store-batch";

type Values = Partial<typeof connections.$inferInsert>;

describe.each(testBackends())("writing an extracted batch on %s", (_name, backend) => {
  let ctx: TestContext;
  /** The broker's whole extraction as one batch: rows for every data table. */
  let batch: ExtractBatch;
  beforeAll(async () => {
    // No workers: the connections stay exactly as each test sets them.
    ctx = await createTestContext({ backend, workers: false });
    batch = merge(await extractBatches("sandbox_broker", "user_good"));
  });
  afterAll(() => ctx.close());

  /** A connection as Link's finish leaves it: PENDING on run 1. */
  const pendingConnection = async (values: Values = {}) => {
    const { connectionId } = await ctx.services.database.transaction((tx, sql) =>
      createConnection(ctx.services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_broker",
        externalId: null,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
    if (Object.keys(values).length > 0) {
      await ctx.services.database.db.update(connections).set(values).where(eq(connections.id, connectionId));
    }
    return connectionId;
  };
  const write = (connectionId: string, run: number) =>
    writeBatch(ctx.services.database, { connectionId, run }, batch, new Date());

  it.each<[string, Values]>([
    ["PENDING (first extraction)", {}],
    ["UPDATING (an update)", { status: "UPDATING" }],
  ])("writes every data table while the job is the current run of a %s connection", async (_case, values) => {
    const id = await pendingConnection(values);
    expect(await write(id, 1)).toBe(true);
    const counts = await dataRowCounts(ctx, id);
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(6);
    for (const table of CONNECTION_DATA_TABLES) expect(counts[table], table).toBeGreaterThan(0);
  });

  it.each<[string, Values, number]>([
    ["an older run number than the connection's", {}, 0],
    ["a newer run started since (refresh, reset-login)", { syncRun: 2 }, 1],
    ["the run ended READY", { status: "READY" }, 1],
    ["the run ended ERRORED (reset-login)", { status: "ERRORED" }, 1],
    ["the connection revoked (publicToken reuse)", { revokedAt: new Date() }, 1],
  ])("a stale run writes nothing and is told to stop: %s", async (_case, values, run) => {
    const id = await pendingConnection(values);
    expect(await write(id, run)).toBe(false);
    expect(totalRows(await dataRowCounts(ctx, id))).toBe(0);
  });

  it("a run of a deleted connection writes nothing and is told to stop, without a foreign-key error", async () => {
    const id = await pendingConnection();
    await ctx.services.database.db.delete(connections).where(eq(connections.id, id));
    expect(await write(id, 1)).toBe(false);
    expect(totalRows(await dataRowCounts(ctx, id))).toBe(0);
  });

  it("rewrites only the rows that changed when the same rows come again, a numeric's written scale included", async () => {
    const id = await pendingConnection();
    const [first, second] = batch.portfolioTransactions ?? [];
    if (!first || !second) throw new Error("the broker has fewer than two portfolio transactions");
    const rows = (portfolioTransactions: typeof batch.portfolioTransactions) =>
      writeBatch(ctx.services.database, { connectionId: id, run: 1 }, { portfolioTransactions }, new Date());
    /** Each row's writing transaction (xmin): a rewrite, even of equal values, gives a new one. */
    const versions = async () =>
      (
        await ctx.services.database.sql.query<{ id: string; xmin: string; shares: string }>(
          "select id, xmin::text as xmin, shares::text as shares from portfolio_transactions where connection_id = $1 order by id",
          [id],
        )
      ).rows;
    await rows([first, second]);
    const before = await versions();
    // The same shares written another way ("2" as "2.0000") is a change the wire would show.
    const rescaled = { ...second, shares: second.shares.includes(".") ? `${second.shares}0` : `${second.shares}.0000` };
    await rows([first, rescaled]);
    const after = await versions();
    const secondId = apiId(id, "portfolioTransaction", second.id);
    const changed = after.filter((row, i) => row.xmin !== before[i]?.xmin).map((row) => row.id);
    expect(changed).toEqual([secondId]);
    expect(after.find((row) => row.id === secondId)?.shares).toBe(rescaled.shares);
  });

  /** Yields `batches`, then throws `error` if one is given (an entity failing mid-extraction). */
  async function* source(batches: ExtractBatch[], error?: Error): AsyncGenerator<ExtractBatch> {
    for (const b of batches) yield b;
    if (error) throw error;
  }
  const writeAll = (connectionId: string, batches: AsyncIterable<ExtractBatch>, width?: number) =>
    writeBatches(ctx.services.database, { connectionId, run: 1 }, batches, {
      signal: new AbortController().signal,
      now: () => new Date(),
      ...(width ? { width } : {}),
    });
  const transactionsOf = (b: ExtractBatch) => b.transactions ?? [];

  it("writes every batch of a run, and tells a stale run to stop without writing", async () => {
    const id = await pendingConnection();
    const batches = transactionsOf(batch).map((row) => ({ transactions: [row] }));
    expect(await writeAll(id, source(batches))).toBe(true);
    expect((await dataRowCounts(ctx, id)).transactions).toBe(batches.length);
    const stale = await pendingConnection({ syncRun: 2 });
    expect(await writeAll(stale, source(batches))).toBe(false);
    expect(totalRows(await dataRowCounts(ctx, stale))).toBe(0);
  });

  it("throws the source's failure after storing the batches before it", async () => {
    const id = await pendingConnection();
    const [first, second] = transactionsOf(batch);
    if (!first || !second) throw new Error("the broker has fewer than two transactions");
    const failing = source([{ transactions: [first] }, { transactions: [second] }], new Error("entity went away"));
    await expect(writeAll(id, failing)).rejects.toThrow("entity went away");
    expect((await dataRowCounts(ctx, id)).transactions).toBe(2);
  });

  it.runIf(backend.kind === "postgres")(
    "splits a big batch in two transactions at once on PostgreSQL: one half commits while the other waits",
    async () => {
      const id = await pendingConnection();
      const [template] = transactionsOf(batch);
      if (!template) throw new Error("the broker has no transactions");
      const rows = Array.from({ length: 500 }, (_, i) => ({
        ...template,
        id: `tx_split_${String(i).padStart(3, "0")}`,
      }));
      const url = "url" in ctx.config.database ? ctx.config.database.url : "";
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        // An uncommitted row with the first half's first key: that half's upsert waits until this transaction ends.
        await other.query("begin");
        await other.query(
          "insert into transactions (connection_id, id, account_id, date, value_date, amount, currency, description, type) values ($1, $2, 'a', '2026-01-01', '2026-01-01', 1, 'EUR', 'held', 'CREDIT')",
          [id, apiId(id, "transaction", "tx_split_000")],
        );
        const writing = writeAll(id, source([{ transactions: rows }]));
        await expect
          .poll(async () => (await dataRowCounts(ctx, id)).transactions, { timeout: 10_000, interval: 20 })
          .toBe(250);
        await other.query("rollback");
        expect(await writing).toBe(true);
        expect((await dataRowCounts(ctx, id)).transactions).toBe(500);
      } finally {
        await other.end();
      }
    },
  );

  it("keeps a small batch whole, and cuts a big one into consecutive rows of each kind", () => {
    const small = { transactions: transactionsOf(batch).slice(0, 10) };
    expect(splitBatch(small, 2)).toEqual([small]);
    const many = Array.from({ length: 600 }, (_, i) => ({ ...transactionsOf(batch)[0], id: `t${i}` }));
    const parts = splitBatch({ accounts: batch.accounts, transactions: many } as ExtractBatch, 2);
    expect(parts.map((p) => p.transactions?.length)).toEqual([300, 300]);
    expect(parts.flatMap((p) => p.transactions ?? [])).toEqual(many);
    expect(parts.flatMap((p) => p.accounts ?? [])).toEqual(batch.accounts);
  });

  // Only PostgreSQL has a second connection to commit a delete while a batch is between its check and
  // its write; PGlite runs one transaction at a time, so the question does not arise there.
  it.runIf(backend.kind === "postgres")(
    "a batch that meets an uncommitted delete or revoke waits for it under the row lock, then writes nothing",
    async () => {
      const url = "url" in ctx.config.database ? ctx.config.database.url : "";
      for (const statement of [
        "delete from connections where id = $1",
        "update connections set revoked_at = now() where id = $1",
      ]) {
        const id = await pendingConnection();
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        try {
          await other.query("begin");
          await other.query(statement, [id]);
          const writing = write(id, 1);
          // The overlap: the batch's transaction is really waiting on the other one's row lock.
          await expect
            .poll(
              async () =>
                (
                  await ctx.services.database.sql.query<{ n: number }>(
                    "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
                  )
                ).rows[0]?.n,
              { timeout: 10_000, interval: 20 },
            )
            .toBe(1);
          await other.query("commit");
          expect(await writing, statement).toBe(false);
          expect(totalRows(await dataRowCounts(ctx, id)), statement).toBe(0);
        } finally {
          await other.end();
        }
      }
    },
  );
});

describe("apiId", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const connection = "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90";

  it("is a version-8 UUID, the same for the same connection, kind and connector id", () => {
    const id = apiId(connection, "account", "acc_1");
    expect(id).toMatch(uuid);
    expect(apiId(connection, "account", "acc_1")).toBe(id);
    // Every variant nibble the hash can give lands in 8–b.
    const variants = new Set(Array.from({ length: 200 }, (_, i) => apiId(connection, "account", `a${i}`)[19]));
    expect([...variants].sort()).toEqual(["8", "9", "a", "b"]);
  });

  it("differs for another connection, another kind or another connector id", () => {
    const id = apiId(connection, "account", "acc_1");
    expect(apiId("1b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90", "account", "acc_1")).not.toBe(id);
    expect(apiId(connection, "portfolio", "acc_1")).not.toBe(id);
    expect(apiId(connection, "account", "acc_2")).not.toBe(id);
    // The separator keeps "a" + "bc" apart from "ab" + "c".
    expect(apiId(connection, "account", "x")).not.toBe(apiId(`${connection}\u0000account`, "account", "x"));
  });
});
