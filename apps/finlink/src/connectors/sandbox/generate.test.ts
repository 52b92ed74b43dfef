import { Account, Investment, Portfolio, PortfolioTransaction, Position, Transaction } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dayNumber, isoDate } from "./calendar";
import { findEntity } from "./entities";
import { generateData } from "./generate";
import { isValidIban, isValidIsin } from "./index";
import { cents, DAY_MS, extractAll, TEST_NOW } from "./test-support";

const TODAY = dayNumber(TEST_NOW);
const ALL_BANKS = ["sandbox_bank", "sandbox_broker", "sandbox_bank_app", "sandbox_bank_dni"];

function sumByAccount(rows: readonly Transaction[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.accountId, (sums.get(row.accountId) ?? 0) + cents(row.amount));
  return sums;
}

describe.each(ALL_BANKS)("data of user_good at %s", (entityId) => {
  it("is the same, byte for byte, every time", async () => {
    const first = await extractAll(entityId, "user_good");
    const second = await extractAll(entityId, "user_good");
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it("passes the API's schemas and carries valid IBANs", async () => {
    const data = await extractAll(entityId, "user_good");
    z.array(Account.omit({ createdAt: true, updatedAt: true })).parse(data.accounts);
    z.array(Transaction).parse(data.transactions);
    z.array(Portfolio.omit({ createdAt: true, updatedAt: true })).parse(data.portfolios);
    z.array(Position.extend({ portfolioId: z.string() })).parse(data.positions);
    z.array(Investment).parse(data.investments);
    z.array(PortfolioTransaction).parse(data.portfolioTransactions);
    expect(data.accounts.length).toBeGreaterThanOrEqual(2);
    expect(data.accounts.length).toBeLessThanOrEqual(3);
    for (const account of data.accounts) {
      if (account.type === "CASH_ACCOUNT") expect(isValidIban(account.iban ?? ""), account.alias).toBe(true);
      else expect(account.iban).toBeNull();
      expect(account.owners).toEqual([{ name: expect.stringMatching(/^\S+ \S+ \S+$/), role: "HOLDER" }]);
    }
  });

  it("covers the last 90 days up to yesterday, with debits negative and credits positive", async () => {
    const { transactions } = await extractAll(entityId, "user_good");
    const dates = transactions.map((t) => t.date).sort();
    const [first = "", last = ""] = [dates[0], dates.at(-1)];
    expect(first >= isoDate(TODAY - 90) && first <= isoDate(TODAY - 87)).toBe(true);
    // Today is not over, so nothing of it is booked yet; the days before are.
    expect(last >= isoDate(TODAY - 3) && last <= isoDate(TODAY - 1)).toBe(true);
    for (const t of transactions) {
      expect(t.type).toBe(cents(t.amount) < 0 ? "DEBIT" : "CREDIT");
      expect(cents(t.amount)).not.toBe(0);
      expect(Math.abs(Date.parse(t.valueDate) - Date.parse(t.date))).toBeLessThanOrEqual(2 * DAY_MS);
    }
    expect(transactions.some((t) => t.category === "NOMINA" && t.description.startsWith("Nómina "))).toBe(true);
  });

  it("gives every row its own id", async () => {
    const data = await extractAll(entityId, "user_good");
    const ids = Object.values(data).flatMap((rows: { id: string }[]) => rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(data.transactions.every((t) => /^tx_[0-9a-f]{20}$/.test(t.id))).toBe(true);
    expect(data.accounts.every((a) => /^acc_[0-9a-f]{20}$/.test(a.id))).toBe(true);
  });

  it("keeps ids and rows when `now` moves on five days, and only adds the new days", async () => {
    const later = new Date(TEST_NOW.getTime() + 5 * DAY_MS);
    const first = await extractAll(entityId, "user_good");
    const second = await extractAll(entityId, "user_good", later);
    expect(second.accounts.map((a) => a.id)).toEqual(first.accounts.map((a) => a.id));
    // The bank shows 90 days, so the first five days of the earlier window have scrolled out.
    const stillShown = isoDate(TODAY + 5 - 90);
    const byId = new Map(second.transactions.map((t) => [t.id, t]));
    const kept = first.transactions.filter((t) => t.date >= stillShown);
    expect(kept.length).toBeGreaterThan(0);
    for (const row of kept) expect(byId.get(row.id)).toEqual(row);
    const firstIds = new Set(first.transactions.map((t) => t.id));
    const added = second.transactions.filter((t) => !firstIds.has(t.id));
    expect(added.every((t) => t.date >= isoDate(TODAY))).toBe(true);

    // Balances move by exactly the transactions of the days in between.
    const addedSums = sumByAccount(added);
    for (const account of first.accounts) {
      const next = second.accounts.find((a) => a.id === account.id);
      expect(cents(next?.balance ?? "0") - cents(account.balance)).toBe(addedSums.get(account.id) ?? 0);
    }
  });

  it("reports balances equal to the opening balance plus the window's transactions", async () => {
    // An extraction "now" at midnight of the window's first day sees the balances that day opened with.
    const opening = await extractAll(entityId, "user_good", new Date((TODAY - 90) * DAY_MS));
    const { accounts, transactions } = await extractAll(entityId, "user_good");
    const sums = sumByAccount(transactions);
    for (const account of accounts) {
      const open = opening.accounts.find((a) => a.id === account.id);
      expect(cents(account.balance)).toBe(cents(open?.balance ?? "0") + (sums.get(account.id) ?? 0));
    }
  });
});

describe("data", () => {
  it("differs between users and between entities", async () => {
    const good = await extractAll("sandbox_bank", "user_good");
    const otp = await extractAll("sandbox_bank", "user_otp");
    const caja = await extractAll("sandbox_bank_dni", "user_good");
    expect(otp.accounts[0]?.id).not.toBe(good.accounts[0]?.id);
    expect(caja.accounts[0]?.iban).not.toBe(good.accounts[0]?.iban);
    expect(otp.transactions[0]?.id).not.toBe(good.transactions[0]?.id);
  });

  it("gives a bank customer a current account, a savings account and a card", async () => {
    const { accounts } = await extractAll("sandbox_bank", "user_good");
    expect(accounts.map((a) => [a.alias.split(" ")[0], a.type])).toEqual([
      ["Cuenta", "CASH_ACCOUNT"],
      ["Cuenta", "CASH_ACCOUNT"],
      ["Tarjeta", "OTHER"],
    ]);
  });
});

describe("broker data", () => {
  it("links a cash account to the stock portfolio and values each portfolio at its positions", async () => {
    const data = await extractAll("sandbox_broker", "user_good");
    const stocks = data.portfolios.find((p) => p.type === "STOCK_PORTFOLIO");
    expect(data.portfolios.map((p) => p.type).sort()).toEqual(["MIX", "STOCK_PORTFOLIO"]);
    expect(data.accounts.find((a) => a.portfolio !== null)?.portfolio).toBe(stocks?.id);
    for (const portfolio of data.portfolios) {
      const positions = data.positions.filter((p) => p.portfolioId === portfolio.id);
      expect(cents(portfolio.balance)).toBe(positions.reduce((sum, p) => sum + cents(p.marketValue), 0));
    }
    const investmentIds = new Set(data.investments.map((i) => i.id));
    expect(data.positions.every((p) => investmentIds.has(p.investmentId))).toBe(true);
    expect(data.portfolioTransactions.every((t) => investmentIds.has(t.investmentId))).toBe(true);
  });

  it("holds real stocks, an ETF, a fund and a bond, all with valid ISINs", async () => {
    const { investments } = await extractAll("sandbox_broker", "user_good");
    expect(investments.map((i) => i.assetType).sort()).toEqual([
      "BOND",
      "ETF",
      "FUND",
      "STOCK",
      "STOCK",
      "STOCK",
      "STOCK",
    ]);
    expect(investments.every((i) => isValidIsin(i.isin))).toBe(true);
    expect(investments.find((i) => i.isin === "ES0144580Y14")?.name).toBe("Iberdrola SA");
  });

  it("records buys, sells, dividends, coupons and fees over a year", () => {
    const sandbox = findEntity("sandbox_broker");
    if (!sandbox) throw new Error("no broker");
    const data = generateData({ sandbox, username: "user_good", now: TEST_NOW, historyDays: 366, activity: 1 });
    const types = new Set(data.portfolioTransactions.map((t) => t.type));
    expect([...types].sort()).toEqual(["BUY", "COUPON", "DIVIDENDS", "FEE", "SELL"]);
    const cash = data.transactions.filter((t) => t.category === "INVERSIONES");
    expect(cash.some((t) => t.description.startsWith("Dividendo "))).toBe(true);
  });
});
