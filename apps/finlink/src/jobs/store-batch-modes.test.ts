import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractBatch, ExtractedTransaction } from "../connectors/connector";
import { extractBatches, merge } from "../connectors/sandbox/test-support";
import type { Database } from "../db/database";
import { createConnection } from "../features/connections/connections.service";
import { testBackends } from "../testing/backends";
import { createTestContext, type TestContext } from "../testing/test-context";
import { dataRowCounts } from "./lifecycle.testing";
import { apiId, writeBatch, writeBatches } from "./store-batch";
import { arrayLiteral } from "./upsert-plan";

/** `database`, noting the text of every statement its transactions run. */
function spying(database: Database, texts: string[]): Database {
  return {
    ...database,
    transaction: (fn) =>
      database.transaction((tx, sql) =>
        fn(tx, {
          ...sql,
          query: (text, params) => {
            texts.push(text);
            return sql.query(text, params);
          },
        }),
      ),
  } as Database;
}

describe.each(testBackends())("a run's batches as new rows or upserts, on %s", (_name, backend) => {
  let ctx: TestContext;
  let rows: ExtractedTransaction[];
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    rows = merge(await extractBatches("sandbox_broker", "user_good")).transactions ?? [];
    if (rows.length < 6) throw new Error("the broker has fewer than six transactions");
  });
  afterAll(() => ctx.close());

  const pendingConnection = async () =>
    (
      await ctx.services.database.transaction((tx, sql) =>
        createConnection(ctx.services, tx, sql, {
          appId: ctx.appA.clientId,
          entityId: "sandbox_broker",
          externalId: null,
          credentials: { username: "user_good", password: "pass_good" },
          twoFactor: false,
        }),
      )
    ).connectionId;

  async function* source(batches: ExtractBatch[]): AsyncGenerator<ExtractBatch> {
    for (const b of batches) yield b;
  }
  /** Writes `batches` as one run (one transaction a batch); answers how each batch's transactions were written. */
  const writeRun = async (connectionId: string, batches: ExtractBatch[]) => {
    const texts: string[] = [];
    const outcome = writeBatches(spying(ctx.services.database, texts), { connectionId, run: 1 }, source(batches), {
      signal: new AbortController().signal,
      now: () => new Date(),
      width: 1,
    });
    const settled = await outcome.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const writes = texts
      .filter((text) => text.startsWith('insert into "transactions"'))
      .map((text) => (text.includes(" on conflict ") ? "upsert" : "insert"));
    return { ...settled, writes };
  };
  const amounts = async (connectionId: string) =>
    (
      await ctx.services.database.sql.query<{ id: string; amount: string }>(
        "select id, amount::text as amount from transactions where connection_id = $1 order by id",
        [connectionId],
      )
    ).rows;

  it("a first run writes every batch as plain inserts, with no conflict handling", async () => {
    const id = await pendingConnection();
    const run = await writeRun(id, [{ transactions: rows.slice(0, 2) }, { transactions: rows.slice(2, 4) }]);
    expect(run).toEqual({ value: true, writes: ["insert", "insert"] });
    expect((await dataRowCounts(ctx, id)).transactions).toBe(4);
  });

  it("a batch that meets a stored row is written again as an upsert, and so is every later batch", async () => {
    const id = await pendingConnection();
    const [stored] = rows;
    if (!stored) throw new Error("no transaction");
    // A retried job: its first attempt stored one row, with the amount it had then.
    await writeBatch(ctx.services.database, { connectionId: id, run: 1 }, { transactions: [stored] }, new Date());
    const changed = { ...stored, amount: "-123.45" };
    const run = await writeRun(id, [
      { transactions: [changed, ...rows.slice(1, 3)] },
      { transactions: rows.slice(3, 5) },
    ]);
    expect(run).toEqual({ value: true, writes: ["insert", "upsert", "upsert"] });
    const after = await amounts(id);
    expect(after).toHaveLength(5);
    expect(after.find((row) => row.id === apiId(id, "transaction", stored.id))?.amount).toBe("-123.45");
  });

  it("a batch that repeats one of its own earlier rows is written as an upsert", async () => {
    const id = await pendingConnection();
    const [first, second] = rows;
    if (!first || !second) throw new Error("no transactions");
    const run = await writeRun(id, [
      { transactions: [first] },
      { transactions: [second, { ...first, amount: "7.00" }] },
    ]);
    expect(run).toEqual({ value: true, writes: ["insert", "insert", "upsert"] });
    expect((await amounts(id)).map((row) => row.amount)).toContain("7.00");
    expect(await amounts(id)).toHaveLength(2);
  });

  it("stores every text exactly as the connector gave it, whatever array-literal syntax it holds", async () => {
    const id = await pendingConnection();
    const texts = ['say "hi"', 'back\\slash \\"', "a,b", "{braces}", "NULL", "", " padded ", "línea\nnueva\t€ 😀"];
    const template = rows[0];
    if (!template) throw new Error("no transaction");
    const batch = texts.map((description, i) => ({ ...template, id: `tx_text_${i}`, description }));
    expect(await writeRun(id, [{ transactions: batch }])).toMatchObject({ value: true });
    const { rows: stored } = await ctx.services.database.sql.query<{ id: string; description: string }>(
      "select id, description from transactions where connection_id = $1",
      [id],
    );
    const byId = new Map(stored.map((row) => [row.id, row.description]));
    expect(texts.map((_, i) => byId.get(apiId(id, "transaction", `tx_text_${i}`)))).toEqual(texts);
    // An absent category is NULL, not the text "NULL".
    await writeRun(id, [{ transactions: [{ ...template, id: "tx_null", category: null }] }]);
    const { rows: nulls } = await ctx.services.database.sql.query<{ category: string | null }>(
      "select category from transactions where connection_id = $1 and id = $2",
      [id, apiId(id, "transaction", "tx_null")],
    );
    expect(nulls).toEqual([{ category: null }]);
  });

  it("any other failure is thrown as it is, not retried, and leaves the batch unwritten", async () => {
    const id = await pendingConnection();
    const [good, bad] = rows;
    if (!good || !bad) throw new Error("no transactions");
    const run = await writeRun(id, [{ transactions: [good, { ...bad, date: "not a date" }] }]);
    expect(run.writes).toEqual(["insert"]);
    expect(run).toMatchObject({ error: expect.objectContaining({ code: "22007" }) });
    expect((await dataRowCounts(ctx, id)).transactions).toBe(0);
  });
});

describe("arrayLiteral", () => {
  it("quotes every element, escapes quotes and backslashes, and writes null as NULL", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(["a", 'say "hi"', "x\\y", null, undefined, 1.5, true])).toBe(
      '{"a","say \\"hi\\"","x\\\\y",NULL,NULL,"1.5","true"}',
    );
    expect(arrayLiteral([new Date("2026-01-02T03:04:05.678Z")])).toBe('{"2026-01-02T03:04:05.678Z"}');
  });
});
