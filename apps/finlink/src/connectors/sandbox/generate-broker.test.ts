import { ActivePosition } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { dayNumber } from "./calendar";
import { isValidCif } from "./checksums";
import { exchangeRate } from "./currencies";
import { isValidIsin } from "./index";
import { formatRate, roundDiv, toReferenceCents, toReferencePriceMicros } from "./money";
import { cents, extractAll, scaled, TEST_NOW, tenThousandths } from "./test-support";

const YESTERDAY = dayNumber(TEST_NOW) - 1;

function broker() {
  return extractAll("sandbox_broker", "user_good");
}

describe("broker portfolios and positions", () => {
  it("has a stock portfolio with the broker account, a funds portfolio and a pension plan's, each worth its positions", async () => {
    const data = await broker();
    expect(data.portfolios.map((p) => p.type)).toEqual([
      "STOCK_PORTFOLIO",
      "COMPOSITE_ASSETS_PORTFOLIO",
      "COMPOSITE_ASSETS_PORTFOLIO",
    ]);
    const brokerAccount = data.accounts.find((a) => a.portfolio !== null);
    expect(brokerAccount).toMatchObject({ type: "OTHER", portfolio: data.portfolios[0]?.id });
    for (const portfolio of data.portfolios) {
      const positions = data.positions.filter((p) => p.portfolioId === portfolio.id);
      expect(positions.length, portfolio.type).toBeGreaterThan(0);
      expect(cents(portfolio.balance)).toBe(positions.reduce((sum, p) => sum + cents(p.amount), 0));
    }
    const assetTypes = (i: number) =>
      data.positions
        .filter((p) => p.portfolioId === data.portfolios[i]?.id)
        .map((p) => data.investments.find((inv) => inv.id === p.investmentId)?.assetType);
    expect(new Set(assetTypes(0))).toEqual(new Set(["STOCK", "ETF", "BOND"]));
    expect(assetTypes(1)).toEqual(["FUND"]);
    expect(assetTypes(2)).toEqual(["PP"]);
  });

  it("gives what Vumi's active positions show, less what the server adds", async () => {
    const [position] = (await broker()).positions;
    const serverAdds = ["name", "isin", "exchange", "assetType", "weight"];
    const renamed = { portfolioId: "portfolio", investmentId: "investment" } as Record<string, string>;
    const keys = Object.keys(position ?? {})
      .filter((k) => k !== "id")
      .map((k) => renamed[k] ?? k);
    expect([...keys, ...serverAdds].sort()).toEqual(Object.keys(ActivePosition.shape).sort());
  });

  it("values every position in its own currency and in EUR at yesterday's rate, to the cent", async () => {
    const { positions, investments } = await broker();
    for (const p of positions) {
      const investment = investments.find((i) => i.id === p.investmentId);
      expect(p.localCurrency).toBe(investment?.currency);
      const rate = exchangeRate(investment?.currency as "EUR" | "USD" | "GBP", YESTERDAY);
      expect(p.exchangeRate).toBe(formatRate(rate));
      expect(cents(p.localAmount)).toBe(roundDiv(tenThousandths(p.titles) * cents(p.localPrice), 10_000));
      expect(scaled(p.price, 6)).toBe(toReferencePriceMicros(cents(p.localPrice), rate));
      // Titles × price gives the amount back to the cent (a price rounded to the cent would not).
      const valueCents = (BigInt(tenThousandths(p.titles)) * BigInt(scaled(p.price, 6))) / 100_000_000n;
      expect(Math.abs(Number(valueCents) - cents(p.amount)), p.investmentId).toBeLessThanOrEqual(1);
      expect(cents(p.amount)).toBe(toReferenceCents(cents(p.localAmount), rate));
    }
    const foreign = positions.filter((p) => p.localCurrency !== "EUR");
    expect(foreign.map((p) => p.localCurrency).sort()).toEqual(["GBP", "USD"]);
    for (const p of foreign) {
      expect(p.exchangeRate).toMatch(/^[01]\.\d{4}$/);
      expect(p.amount).not.toBe(p.localAmount);
    }
    const apple = investments.find((i) => i.isin === "US0378331005");
    expect(apple).toMatchObject({ name: "Apple Inc", currency: "USD", exchange: "XNAS", assetType: "STOCK" });
    expect(positions.some((p) => p.investmentId === apple?.id)).toBe(true);
  });

  it("moves EURUSD and EURGBP smoothly with the date, at four decimals", () => {
    for (const [currency, low, high] of [
      ["USD", 9_800, 12_500],
      ["GBP", 7_600, 9_700],
    ] as const) {
      const days = Array.from({ length: 3 * 365 }, (_, i) => YESTERDAY - i);
      const rates = days.map((day) => exchangeRate(currency, day));
      expect(
        rates.every((r) => Number.isInteger(r) && r >= low && r <= high),
        currency,
      ).toBe(true);
      const steps = rates.slice(1).map((r, i) => Math.abs(r - (rates[i] ?? r)));
      expect(Math.max(...steps), currency).toBeLessThan(100);
      expect(new Set(rates).size, currency).toBeGreaterThan(100);
    }
    expect(exchangeRate("EUR", YESTERDAY)).toBe(10_000);
  });
});

describe("broker investments", () => {
  it("describes each investment fully: tax-exempt transfers and a manager with a valid CIF for funds and plans only", async () => {
    const { investments } = await broker();
    const funds = investments.filter((i) => i.assetType === "FUND" || i.assetType === "PP");
    expect(funds.map((i) => i.assetType).sort()).toEqual(["FUND", "PP"]);
    for (const investment of investments) {
      const fundLike = funds.includes(investment);
      expect(investment.spanishTaxExempt, investment.name).toBe(fundLike);
      if (fundLike) expect(isValidCif(investment.managementCompany?.cif ?? ""), investment.name).toBe(true);
      else expect(investment.managementCompany, investment.name).toBeNull();
    }
    expect(new Set(funds.map((i) => i.managementCompany?.name)).size).toBe(2);
  });

  it("has one unknown investment, without ISIN or market, held in no position", async () => {
    const { investments, positions, portfolioTransactions } = await broker();
    const unknown = investments.filter((i) => i.unknown);
    expect(unknown).toEqual([expect.objectContaining({ isin: null, exchange: null, name: "EOLICA IBERICA ACC.ORD." })]);
    const id = unknown[0]?.id;
    expect(positions.some((p) => p.investmentId === id)).toBe(false);
    expect(portfolioTransactions.filter((t) => t.investmentId === id).map((t) => t.type)).toEqual([
      "TRANSFER_IN",
      "DELISTING",
    ]);
    const known = investments.filter((i) => !i.unknown);
    expect(known.length).toBeGreaterThan(10);
    for (const i of known) expect(isValidIsin(i.isin ?? ""), i.name).toBe(true);
  });

  it("relates each right to its stock and the new line of an ISIN change to the old one, and nothing else", async () => {
    const { investments } = await broker();
    const byId = new Map(investments.map((i) => [i.id, i]));
    const related = investments.filter((i) => i.relatedSecurity !== null);
    const rights = investments.filter((i) => i.assetType === "RIGHTS");
    expect(rights.length).toBeGreaterThan(0);
    for (const right of rights) expect(byId.get(right.relatedSecurity ?? "")?.name, right.name).toBe("Iberdrola SA");
    const others = related.filter((i) => i.assetType !== "RIGHTS");
    expect(others.map((i) => [i.isin, byId.get(i.relatedSecurity ?? "")?.isin])).toEqual([
      ["NL0015001FS8", "ES0118900010"],
    ]);
  });
});
