import { Account, Portfolio, PortfolioTransactionPage, type Transaction, TransactionPage } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testBackends } from "../../testing/backends";
import { createDataFixture, type DataFixture } from "./data-fixture";
import { datedLists } from "./data-view";
import { encodeCursor, pageQuery, readPage } from "./keyset";

const { account: TRANSACTIONS, portfolio: PORTFOLIO_TRANSACTIONS } = datedLists;

/** `date` moved by `days`, as YYYY-MM-DD. */
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.each(testBackends())("transaction pagination on %s", (_name, backend) => {
  let f: DataFixture;
  let busiest: Account;
  let path: string;
  /** Every transaction of the busiest account, in one request: the order the pages must follow. */
  let all: Transaction[];
  beforeAll(async () => {
    f = await createDataFixture(backend);
    const accounts = await f.read(z.array(Account), f.bank, "accounts");
    const counts = await Promise.all(
      accounts.map(
        async (a) => (await f.read(TransactionPage, f.bank, `accounts/${a.id}/transactions?limit=1000`)).data,
      ),
    );
    const index = counts.reduce((best, rows, i) => (rows.length > (counts[best]?.length ?? 0) ? i : best), 0);
    busiest = accounts[index] as Account;
    all = counts[index] as Transaction[];
    path = `accounts/${busiest.id}/transactions`;
  });
  afterAll(() => f.ctx.close());

  /** Follows nextCursor from the first page to the last; `between` runs after each page but the last. */
  async function walk(query: string, between?: (page: Transaction[]) => Promise<void>) {
    const seen: Transaction[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${cursor}` : "";
      const page = await f.read(TransactionPage, f.bank, `${path}?${query}${suffix}`);
      seen.push(...page.data);
      cursor = page.nextCursor;
      if (cursor) await between?.(page.data);
    } while (cursor);
    return seen;
  }

  it("answers 100 rows by default and a cursor to the rest", async () => {
    await f.insertAccount("acc_bulk");
    const rows = Array.from({ length: 250 }, (_, i) => ({ id: `tx_bulk_${i}`, date: shift("2026-01-01", -i) }));
    await f.insertTransactions("acc_bulk", rows);
    const first = await f.read(TransactionPage, f.bank, "accounts/acc_bulk/transactions");
    expect(first.data.map((t) => t.id)).toEqual(rows.slice(0, 100).map((r) => r.id));
    const second = await f.read(TransactionPage, f.bank, `accounts/acc_bulk/transactions?cursor=${first.nextCursor}`);
    expect(second.data.map((t) => t.id)).toEqual(rows.slice(100, 200).map((r) => r.id));
    expect(second.nextCursor).toEqual(expect.any(String));
  });

  it("returns every row exactly once, in order, across pages of any size", async () => {
    expect(all.length).toBeLessThan(1000); // so the one request in beforeAll held them all
    for (const limit of [1, 7, 100, all.length]) {
      expect((await walk(`limit=${limit}`)).map((t) => t.id)).toEqual(all.map((t) => t.id));
    }
    // Several rows share a date, so the id tie-break is what keeps page boundaries exact.
    expect(new Set(all.map((t) => t.date)).size).toBeLessThan(all.length);
  });

  it("orders rows of one date by id descending across page boundaries, whether PostgreSQL walks the index or sorts", async () => {
    await f.insertAccount("acc_ties");
    // Stored in an order unlike id order (and unlike its reverse): only the id tie-break gives id order back.
    const stored = ["tx_tie_3", "tx_tie_0", "tx_tie_5", "tx_tie_1", "tx_tie_4", "tx_tie_2"];
    const rows = [
      ...stored.map((id) => ({ id, date: "2026-01-10" })),
      { id: "tx_tie_9", date: "2026-01-09" },
      { id: "tx_tie_8", date: "2026-01-11" },
    ];
    for (const row of rows) await f.insertTransactions("acc_ties", [row]);
    const expected = ["tx_tie_8", "tx_tie_5", "tx_tie_4", "tx_tie_3", "tx_tie_2", "tx_tie_1", "tx_tie_0", "tx_tie_9"];
    const scope = { connectionId: f.bank.connectionId, parentId: "acc_ties" };
    // The index hands ties over in id order by itself; a plan that sorts (a large account, a date range)
    // does not, so each walk is made both ways.
    for (const plan of ["index", "sort"]) {
      for (const limit of [1, 2, 3, 100]) {
        const seen = await f.ctx.services.database.transaction(async (_tx, sql) => {
          if (plan === "sort") {
            await sql.query("set local enable_indexscan = off");
            await sql.query("set local enable_bitmapscan = off");
            const query = pageQuery(TRANSACTIONS, scope, { limit });
            const { rows: plan } = await sql.query(`explain ${query.sql}`, query.params);
            expect(plan.map((row) => Object.values(row).join(" ")).join("\n")).toContain("Sort");
          }
          const ids: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await readPage(sql, TRANSACTIONS, scope, { limit, ...(cursor ? { cursor } : {}) });
            ids.push(...page.rows.map((row) => (JSON.parse(row) as Transaction).id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return ids;
        });
        expect(seen, `${plan}, limit=${limit}`).toEqual(expected);
      }
    }
  });

  it("keeps from and to inclusive, with and without a cursor", async () => {
    const dates = [...new Set(all.map((t) => t.date))];
    const to = dates[Math.floor(dates.length / 4)] as string;
    const from = dates[Math.floor((dates.length * 3) / 4)] as string;
    const expected = all.filter((t) => t.date >= from && t.date <= to);
    expect(expected.some((t) => t.date === from) && expected.some((t) => t.date === to)).toBe(true);
    expect(await walk(`from=${from}&to=${to}&limit=5`)).toEqual(expected);
    expect(await walk(`from=${from}&limit=1000`)).toEqual(all.filter((t) => t.date >= from));
    expect(await walk(`to=${to}&limit=1000`)).toEqual(all.filter((t) => t.date <= to));
  });

  it("neither repeats nor skips a row while new transactions arrive between pages", async () => {
    const newest = all[0]?.date as string;
    const expectSeen = new Set<string>();
    const expectUnseen = new Set<string>();
    let n = 0;
    const insert = async (date: string, expectation?: Set<string>) => {
      const id = `tx_new_${String(n++).padStart(4, "0")}`;
      expectation?.add(id);
      await f.insertTransactions(busiest.id, [{ id, date }]);
    };
    const seen = await walk("limit=9", async (page) => {
      const last = page.at(-1) as Transaction;
      await insert(shift(newest, 1 + n), expectUnseen); // newer than everything: before the first page
      await insert(shift(last.date, 1), expectUnseen); // inside the pages already read
      await insert(last.date); // the cursor's own date: either side of the cursor, by id
      await insert(shift(last.date, -1), expectSeen); // ahead of the cursor: the walk must reach it
    });

    const ids = seen.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !id.startsWith("tx_new_"))).toEqual(all.map((t) => t.id));
    for (const id of expectSeen) expect(ids).toContain(id);
    for (const id of expectUnseen) expect(ids).not.toContain(id);
    // The walk is in the server's final order: what one request for everything answers now.
    const final = await walk("limit=1000");
    expect(final.map((t) => t.id).filter((id) => ids.includes(id))).toEqual(ids);
    expect(final.find((t) => t.id === "tx_new_0000")?.amount).toBe(-1.5);
  });

  it("pages portfolio transactions with the same keyset", async () => {
    const portfolios = await f.read(z.array(Portfolio), f.broker, "portfolios");
    for (const { id } of portfolios) {
      const base = `portfolios/${id}/transactions`;
      const whole = await f.read(PortfolioTransactionPage, f.broker, `${base}?limit=1000`);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: z.output<typeof PortfolioTransactionPage> = await f.read(
          PortfolioTransactionPage,
          f.broker,
          `${base}?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        );
        pages.push(...page.data.map((t) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual(whole.data.map((t) => t.id));
    }
  });

  it("reads each page straight off the index instead of sorting the account's rows", async () => {
    const { database } = f.ctx.services;
    const cursor = encodeCursor(all[50] as Transaction);
    const cases = [
      { list: TRANSACTIONS, index: "transactions_page_idx", parentId: busiest.id },
      { list: PORTFOLIO_TRANSACTIONS, index: "portfolio_transactions_page_idx", parentId: "pf" },
    ];
    for (const { list, index, parentId } of cases) {
      for (const request of [{ limit: 100 }, { limit: 100, cursor, from: "2001-01-01", to: "2099-12-31" }]) {
        const query = pageQuery(list, { connectionId: f.bank.connectionId, parentId }, request);
        const plan = await database.transaction(async (_tx, sql) => {
          // With sorting priced out of reach, a plan that still sorts is one the index cannot serve.
          await sql.query("set local enable_sort = off");
          const { rows } = await sql.query<Record<string, string>>(`explain ${query.sql}`, query.params);
          return rows.map((row) => Object.values(row).join(" ")).join("\n");
        });
        expect(plan).toContain(index);
        expect(plan).not.toContain("Sort");
      }
    }
  });
});
