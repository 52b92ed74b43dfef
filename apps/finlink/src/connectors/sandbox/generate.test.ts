import type { AccountTransactionType } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ExtractedTransaction } from "../connector";
import { dayNumber, isoDate } from "./calendar";
import { isValidIban } from "./index";
import { cents, DAY_MS, ExtractedRow, extractAll, TEST_NOW } from "./test-support";

const TODAY = dayNumber(TEST_NOW);
const ALL_BANKS = ["sandbox_bank", "sandbox_broker", "sandbox_bank_app", "sandbox_bank_dni"];

/** The sign each account transaction type must have. */
const SIGN: Record<AccountTransactionType, 1 | -1> = {
  COUPON: 1,
  DEPOSIT: 1,
  DIVIDENDS: 1,
  DIVIDEND_RETENTION: -1,
  DEBIT: -1,
  CREDIT: 1,
};

function sumByAccount(rows: readonly ExtractedTransaction[]): Map<string, number> {
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

  it("passes the API's schemas, with decimals as text, and carries valid IBANs", async () => {
    const data = await extractAll(entityId, "user_good");
    z.array(ExtractedRow.account).parse(data.accounts);
    z.array(ExtractedRow.transaction).parse(data.transactions);
    z.array(ExtractedRow.portfolio).parse(data.portfolios);
    z.array(ExtractedRow.position).parse(data.positions);
    z.array(ExtractedRow.investment).parse(data.investments);
    z.array(ExtractedRow.portfolioTransaction).parse(data.portfolioTransactions);
    expect(data.accounts.length).toBeGreaterThanOrEqual(2);
    expect(data.accounts.length).toBeLessThanOrEqual(3);
    for (const account of data.accounts) {
      // A card has no IBAN; every other account has a valid one (the broker's cash account too).
      if (account.alias.startsWith("Tarjeta")) expect(account.iban).toBeNull();
      else expect(isValidIban(account.iban ?? ""), account.alias).toBe(true);
    }
  });

  it("covers the last 90 days up to yesterday, each type with its sign (debits and withholdings negative)", async () => {
    const { transactions } = await extractAll(entityId, "user_good");
    const dates = transactions.map((t) => t.date).sort();
    const [first = "", last = ""] = [dates[0], dates.at(-1)];
    expect(first >= isoDate(TODAY - 90) && first <= isoDate(TODAY - 87)).toBe(true);
    // Today is not over, so nothing of it is booked yet; the days before are.
    expect(last >= isoDate(TODAY - 3) && last <= isoDate(TODAY - 1)).toBe(true);
    for (const t of transactions) {
      expect(Math.sign(cents(t.amount)), `${t.type} ${t.amount}`).toBe(SIGN[t.type]);
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
