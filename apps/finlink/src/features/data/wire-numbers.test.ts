import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, investments, portfolios, portfolioTransactions, positions, transactions } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createDataFixture, type DataFixture } from "./data-fixture";

/**
 * Money leaves the numeric columns as text and reaches the JSON body with the same digits: these are
 * amounts a binary float would change (more than 15 significant digits, a 0.1 + 0.2 sum, a trailing zero).
 */
describe.each(testBackends())("exact numbers on the wire on %s", (_name, backend) => {
  let f: DataFixture;
  beforeAll(async () => {
    f = await createDataFixture(backend);
  });
  afterAll(() => f.ctx.close());

  /** The raw JSON text of a data endpoint (a parsed body would already be floats). */
  const raw = async (connection: DataFixture["bank"], path: string) => {
    const res = await f.get(connection, path);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** Every `"field":<number>` in a JSON text, in order, as written. */
  const numbersOf = (text: string, field: string) =>
    [...text.matchAll(new RegExp(`"${field}":(-?[0-9.eE+]+)`, "g"))].map((m) => m[1]);

  it("round-trips balances with cents exactly, past what a double holds", async () => {
    const { db } = f.ctx.services.database;
    const balances = ["1234567890123456.78", "0.10", "-0.05", "90071992547409.93", "100.00"];
    await db.insert(accounts).values(
      balances.map((balance, i) => ({
        connectionId: f.bank.connectionId,
        id: `acc_exact_${i}`,
        portfolio: null,
        iban: null,
        type: "OTHER",
        alias: "Exact",
        balance,
        currency: "EUR",
        owners: ["ANA GARCIA LOPEZ"],
      })),
    );
    const text = await raw(f.bank, "accounts");
    const exact = (id: string) => new RegExp(`"id":"${id}"[^}]*"balance":([^,}]*)`).exec(text)?.[1];
    expect(balances.map((_, i) => exact(`acc_exact_${i}`))).toEqual(balances);
    // The same values through a JS number lose digits: the test would notice a float on the way.
    expect(String(Number("1234567890123456.78"))).not.toBe("1234567890123456.78");
    expect(JSON.parse(text).find((a: { id: string }) => a.id === "acc_exact_1").owners).toEqual(["ANA GARCIA LOPEZ"]);
  });

  it("weighs positions with decimal arithmetic: the weights of a portfolio sum to exactly 1", async () => {
    const { db } = f.ctx.services.database;
    const connectionId = f.broker.connectionId;
    await db.insert(portfolios).values({
      connectionId,
      id: "pf_exact",
      type: "MIX",
      owners: ["ANA GARCIA LOPEZ"],
      balance: "0.60",
      currency: "EUR",
    });
    const amounts = ["0.10", "0.20", "0.30"];
    await db.insert(investments).values(
      amounts.map((_, i) => ({
        connectionId,
        id: `inv_exact_${i}`,
        name: `Exact ${i}`,
        isin: null,
        currency: "USD",
        exchange: null,
        assetType: "STOCK",
      })),
    );
    await db.insert(positions).values(
      amounts.map((amount, i) => ({
        connectionId,
        id: `pos_exact_${i}`,
        portfolioId: "pf_exact",
        investmentId: `inv_exact_${i}`,
        titles: "3.0000",
        amount,
        localAmount: "0.35",
        price: "0.033333",
        localPrice: "0.116667",
        currency: "EUR",
        localCurrency: "USD",
        exchangeRate: "1.1809",
      })),
    );
    const text = await raw(f.broker, "portfolios/active-positions");
    const mine = text.slice(text.indexOf('"portfolio":"pf_exact"'));
    expect(numbersOf(mine, "weight").slice(0, 3)).toEqual(["0.166667", "0.333333", "0.5"]);
    expect(numbersOf(mine, "amount").slice(0, 3)).toEqual(amounts);
    expect(numbersOf(mine, "exchangeRate").slice(0, 3)).toEqual(["1.1809", "1.1809", "1.1809"]);
    expect(numbersOf(mine, "titles").slice(0, 3)).toEqual(["3", "3", "3"]);
    expect(numbersOf(mine, "localPrice").slice(0, 3)).toEqual(["0.116667", "0.116667", "0.116667"]);
    // In floats 0.1 + 0.2 is not 0.3, and 0.1 / 0.6 is 0.16666666666666669: decimals are not floats here.
    expect(0.1 + 0.2).not.toBe(0.3);
    // Every portfolio's weights sum to exactly 1 (in millionths, as integers).
    const sums = new Map<string, bigint>();
    for (const p of JSON.parse(text) as { portfolio: string }[]) sums.set(p.portfolio, 0n);
    const rows = [...text.matchAll(/"portfolio":"([^"]+)"[^}]*"weight":([0-9.]+)/g)];
    expect(rows.length).toBe(JSON.parse(text).length);
    for (const [, portfolio = "", weight = ""] of rows) {
      const [whole = "0", fraction = ""] = weight.split(".");
      const micro = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
      sums.set(portfolio, (sums.get(portfolio) ?? 0n) + micro);
    }
    expect(sums.size).toBeGreaterThanOrEqual(2);
    for (const [portfolio, sum] of sums) expect(sum, portfolio).toBe(1_000_000n);
  });

  it("writes a page of transactions byte for byte as the contract lists them: field order, exact amounts, escapes", async () => {
    const { db } = f.ctx.services.database;
    const description = 'Pago "Café" \\ línea\nnueva\t\u0001 😀';
    await f.insertAccount("acc_wire");
    await db.insert(transactions).values({
      connectionId: f.bank.connectionId,
      id: "tx_wire",
      accountId: "acc_wire",
      date: "2026-02-03",
      valueDate: "2026-02-01",
      amount: "-1234567890123456.70",
      currency: "EUR",
      description,
      type: "DEBIT",
      category: null,
    });
    const row = `{"id":"tx_wire","accountId":"acc_wire","date":"2026-02-03","valueDate":"2026-02-01","amount":-1234567890123456.70,"currency":"EUR","description":${JSON.stringify(description)},"type":"DEBIT","category":null}`;
    expect(await raw(f.bank, "accounts/acc_wire/transactions")).toBe(`{"data":[${row}],"nextCursor":null}`);
    const first = await raw(f.bank, "accounts/acc_wire/transactions?limit=1");
    expect(first).toBe(`{"data":[${row}],"nextCursor":null}`);
  });

  it("writes portfolio transactions' shares without insignificant zeros and amounts with two decimals", async () => {
    const { db } = f.ctx.services.database;
    const shares = ["3.5000", "2.0000", "0.0001", "-12.3400", "7"];
    await db.insert(portfolioTransactions).values(
      shares.map((value, i) => ({
        connectionId: f.broker.connectionId,
        id: `ptx_wire_${i}`,
        portfolioId: "pf_exact",
        investmentId: "inv_exact_0",
        date: "2026-02-03",
        valueDate: "2026-02-03",
        amount: i === 0 ? "10" : "-0.5",
        shares: value,
        currency: "USD",
        description: "Compra",
        type: "BUY",
      })),
    );
    const text = await raw(f.broker, "portfolios/pf_exact/transactions");
    expect(numbersOf(text, "shares")).toEqual(["7", "-12.34", "0.0001", "2", "3.5"]);
    expect(numbersOf(text, "amount")).toEqual(["-0.50", "-0.50", "-0.50", "-0.50", "10.00"]);
    expect(text).toContain(
      '{"id":"ptx_wire_4","portfolioId":"pf_exact","investmentId":"inv_exact_0","date":"2026-02-03","valueDate":"2026-02-03","amount":-0.50,"shares":7,"currency":"USD","description":"Compra","type":"BUY"}',
    );
  });

  it("leaves out positions with no titles (no longer held)", async () => {
    const { db } = f.ctx.services.database;
    await db.insert(positions).values({
      connectionId: f.broker.connectionId,
      id: "pos_gone",
      portfolioId: "pf_exact",
      investmentId: "inv_exact_0",
      titles: "0",
      amount: "0.00",
      localAmount: "0.00",
      price: "1",
      localPrice: "1",
      currency: "EUR",
      localCurrency: "EUR",
      exchangeRate: "1",
    });
    const body = JSON.parse(await raw(f.broker, "portfolios/active-positions")) as { titles: number }[];
    expect(body.length).toBeGreaterThan(0);
    expect(body.filter((p) => p.titles <= 0)).toEqual([]);
  });
});
