import {
  Account,
  ActivePosition,
  Investment,
  Portfolio,
  PortfolioTransactionPage,
  TransactionPage,
} from "@finlink/contracts";
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { investments, positions } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { connectDirectly, waitForStatus } from "../../testing/connect";
import { createDataFixture, type DataFixture } from "./data-fixture";

/** Plain code-unit order (ids are lower-case hex UUIDs of one shape, so every collation agrees). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Newest first: date descending, then id descending, as the paged lists document. */
const newestFirst = (a: { date: string; id: string }, b: { date: string; id: string }) =>
  byText(b.date, a.date) || byText(b.id, a.id);
/** How many rows share a date with the row before them: ties only the id can order. */
const ties = (rows: { date: string }[]) => rows.filter((row, i) => i > 0 && rows[i - 1]?.date === row.date).length;

describe.each(testBackends())("the order of every data list on %s", (_name, backend) => {
  let f: DataFixture;
  beforeAll(async () => {
    f = await createDataFixture(backend);
  });
  afterAll(() => f.ctx.close());

  it("lists accounts, portfolios and investments by id, ascending", async () => {
    const lists = [
      (await f.read(z.array(Account), f.bank, "accounts")).map((a) => a.id),
      (await f.read(z.array(Portfolio), f.broker, "portfolios")).map((p) => p.id),
      (await f.read(z.array(Investment), f.broker, "investments")).map((i) => i.id),
    ];
    for (const ids of lists) {
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(ids).toEqual([...ids].sort(byText));
      expect(ids).not.toEqual([...ids].reverse()); // distinct ids: ascending is not also descending
    }
  });

  it("lists active positions by portfolio, then by position", async () => {
    const listed = await f.read(z.array(ActivePosition), f.broker, "portfolios/active-positions");
    const stored = await f.ctx.services.database.db
      .select({ id: positions.id, portfolio: positions.portfolioId, investment: positions.investmentId })
      .from(positions)
      .where(and(eq(positions.connectionId, f.broker.connectionId), gt(positions.titles, "0")));
    const expected = stored.sort((a, b) => byText(a.portfolio, b.portfolio) || byText(a.id, b.id));
    // Several portfolios, and one with several positions: both keys of the order matter.
    expect(new Set(expected.map((p) => p.portfolio)).size).toBeGreaterThanOrEqual(3);
    const sizes = new Map<string, number>();
    for (const p of expected) sizes.set(p.portfolio, (sizes.get(p.portfolio) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeGreaterThanOrEqual(3);
    expect(listed.map((p) => [p.portfolio, p.investment])).toEqual(expected.map((p) => [p.portfolio, p.investment]));
  });

  it("lists each account's transactions newest first, ties by id descending", async () => {
    const accounts = await f.read(z.array(Account), f.bank, "accounts");
    let tied = 0;
    for (const { id } of accounts) {
      const { data } = await f.read(TransactionPage, f.bank, `accounts/${id}/transactions?limit=1000`);
      expect(data.length, id).toBeGreaterThanOrEqual(3);
      expect(data.map((t) => t.id)).toEqual([...data].sort(newestFirst).map((t) => t.id));
      tied += ties(data);
    }
    expect(tied).toBeGreaterThan(0);
  });

  it("lists each portfolio's transactions newest first, ties by id descending", async () => {
    const portfolios = await f.read(z.array(Portfolio), f.broker, "portfolios");
    let tied = 0;
    for (const { id } of portfolios) {
      const { data } = await f.read(PortfolioTransactionPage, f.broker, `portfolios/${id}/transactions?limit=1000`);
      expect(data.length, id).toBeGreaterThanOrEqual(3);
      expect(data.map((t) => t.id)).toEqual([...data].sort(newestFirst).map((t) => t.id));
      tied += ties(data);
    }
    expect(tied).toBeGreaterThan(0);
  });
});

describe.each(testBackends())("the scope of active positions on %s", (_name, backend) => {
  let f: DataFixture;
  beforeAll(async () => {
    f = await createDataFixture(backend);
  });
  afterAll(() => f.ctx.close());

  it("joins each position to its own connection's investment, and lists no other connection's position", async () => {
    const path = "portfolios/active-positions";
    const before = await f.read(z.array(ActivePosition), f.broker, path);
    const own = await f.read(z.array(Investment), f.broker, "investments");
    const [apple] = own.filter((i) => i.isin === "US0378331005");
    const [stocks] = (await f.read(z.array(Portfolio), f.broker, "portfolios")).filter(
      (p) => p.type === "STOCK_PORTFOLIO",
    );
    if (!apple || !stocks) throw new Error("the broker has no Apple line or no stock portfolio");
    // Another connection of the same person at the same broker, with rows whose ids are this one's:
    // ids are unique per connection only.
    const other = await connectDirectly(f.ctx, { entity: "sandbox_broker", username: "user_good" });
    await waitForStatus(f.ctx, other.apiToken, other.connectionToken, ["READY"]);
    const { db } = f.ctx.services.database;
    await db.insert(investments).values({
      ...apple,
      connectionId: other.connectionId,
      name: "Another connection's Apple",
      managementCompany: null,
    });
    await db.insert(positions).values({
      connectionId: other.connectionId,
      id: "pos_other_connection",
      portfolioId: stocks.id,
      investmentId: apple.id,
      titles: "7",
      amount: "1.00",
      localAmount: "1.00",
      price: "1",
      localPrice: "1",
      currency: "EUR",
      localCurrency: "EUR",
      exchangeRate: "1",
    });

    const after = await f.read(z.array(ActivePosition), f.broker, path);
    expect(after).toEqual(before);
    // One row per stored position of this connection, each named as this connection's investment is.
    const stored = await db
      .select({ id: positions.id })
      .from(positions)
      .where(and(eq(positions.connectionId, f.broker.connectionId), gt(positions.titles, "0")));
    expect(after).toHaveLength(stored.length);
    const names = new Map(own.map((i) => [i.id, i.name]));
    for (const p of after) expect(p.name, p.investment).toBe(names.get(p.investment));
    expect(after.filter((p) => p.investment === apple.id).map((p) => [p.name, p.titles])).toEqual([
      ["Apple Inc", expect.any(Number)],
    ]);
    expect(after.map((p) => p.titles)).not.toContain(7);
    // And the other connection still lists its own, this connection's rows not among them.
    const theirs = await f.read(z.array(ActivePosition), other, path);
    expect(theirs.filter((p) => p.name === "Another connection's Apple")).toHaveLength(1);
    expect(theirs).toHaveLength(after.length + 1);
  });
});
