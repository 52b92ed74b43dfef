import { PortfolioTransactionType } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import type { ExtractedPortfolioTransaction } from "../connector";
import { dayNumber, isoDate } from "./calendar";
import { exchangeRate } from "./currencies";
import { findEntity } from "./entities";
import { generateData } from "./generate";
import { roundDiv, toReferenceCents } from "./money";
import { cents, extractAll, TEST_NOW, tenThousandths } from "./test-support";

/** Share impact of each type, as the contract's description lists it (+ adds titles, − removes, = states the position). */
const IMPACT: Record<PortfolioTransactionType, 1 | -1 | 0> = {
  BUY: 1,
  INHERITANCE_OR_DONATION_TRANSFER_IN: 1,
  ISIN_CHANGE_BUY: 1,
  MERGER_BUY: 1,
  OFF_MARKET_BUY: 1,
  PRODUCT_CHANGE_BUY: 1,
  RIGHTS_ISSUE: 1,
  SCRIP_DIVIDEND: 1,
  TRANSFER_IN: 1,
  SELL: -1,
  DELISTING: -1,
  EXPIRATION: -1,
  INHERITANCE_OR_DONATION_TRANSFER_OUT: -1,
  ISIN_CHANGE_SELL: -1,
  MERGER_SELL: -1,
  OFF_MARKET_SELL: -1,
  PRODUCT_CHANGE_SELL: -1,
  RIGHTS_CONVERSION: -1,
  RIGHTS_EXCLUSION: -1,
  TRANSFER_OUT: -1,
  COMPENSATION: 0,
  COUPON: 0,
  DIVIDENDS: 0,
  FEE: 0,
};

function broker() {
  return extractAll("sandbox_broker", "user_good");
}

/** Two years of account history, so that the October coupon and every dividend month are in it. */
function twoYears() {
  const sandbox = findEntity("sandbox_broker");
  if (!sandbox) throw new Error("no broker");
  return generateData({ sandbox, username: "user_good", now: TEST_NOW, historyDays: 731, activity: 1 });
}

/**
 * The contract's description of the type enum read back as a table: `+`, `−` and `=` each with the types
 * listed after it, and the extensions. The OpenAPI document carries this text to integrators.
 */
function describedImpact(description: string) {
  const match = /^Share impact: \+ (.+); − (.+); = (.+) \(`shares` states the position\)\. Extensions: (.+)\.$/.exec(
    description,
  );
  if (!match) throw new Error(`the description no longer reads as a share-impact table: ${description}`);
  const names = (list = "") => list.split(", ").map((item) => /^`([A-Z_]+)`$/.exec(item)?.[1] ?? `?${item}`);
  const [, plus, minus, same, extensions] = match;
  const impact: [string, number][] = [
    ...names(plus).map((type): [string, number] => [type, 1]),
    ...names(minus).map((type): [string, number] => [type, -1]),
    ...names(same).map((type): [string, number] => [type, 0]),
  ];
  return { impact, extensions: names(extensions) };
}

describe("the share-impact table", () => {
  it("has every type of the enum, once, with the impact the contract's description gives it", () => {
    const { impact, extensions } = describedImpact(PortfolioTransactionType.description ?? "");
    const types = [...PortfolioTransactionType.options].sort();
    expect(Object.keys(IMPACT).sort()).toEqual(types);
    // The description names each type exactly once, in one of the three groups…
    expect(impact.map(([type]) => type).sort()).toEqual(types);
    // …and with the impact the table (and the replay test below) uses.
    expect(Object.fromEntries(impact)).toEqual(IMPACT);
    expect(extensions.sort()).toEqual(["FEE", "TRANSFER_IN", "TRANSFER_OUT"]);
  });
});

describe("broker portfolio transactions", () => {
  it("shows every operation since the portfolio opened, in a realistic mix of Vumi's types", async () => {
    const types = new Set((await broker()).portfolioTransactions.map((t) => t.type));
    expect([...types].sort()).toEqual(
      [
        "BUY",
        "COUPON",
        "DELISTING",
        "DIVIDENDS",
        "FEE",
        "ISIN_CHANGE_BUY",
        "ISIN_CHANGE_SELL",
        "RIGHTS_CONVERSION",
        "RIGHTS_ISSUE",
        "SCRIP_DIVIDEND",
        "SELL",
        "TRANSFER_IN",
      ].sort(),
    );
  });

  it("replays, line by line, to exactly the titles of each position (0 for lines no longer held)", async () => {
    const { investments, positions, portfolioTransactions } = await broker();
    const byLine = new Map<string, ExtractedPortfolioTransaction[]>();
    for (const t of portfolioTransactions) byLine.set(t.investmentId, [...(byLine.get(t.investmentId) ?? []), t]);
    expect(new Set(byLine.keys())).toEqual(new Set(investments.map((i) => i.id)));
    let sold = 0;
    for (const investment of investments) {
      let held = 0;
      for (const t of byLine.get(investment.id) ?? []) {
        const shares = tenThousandths(t.shares);
        if (IMPACT[t.type] === 0) expect(shares, `${t.date} ${t.type} ${investment.name}`).toBe(held);
        else {
          expect(shares, `${t.date} ${t.type}`).toBeGreaterThan(0);
          held += IMPACT[t.type] * shares;
          expect(held, `${t.date} ${t.type} ${investment.name}`).toBeGreaterThanOrEqual(0);
        }
      }
      const position = positions.find((p) => p.investmentId === investment.id);
      expect(held, investment.name).toBe(position ? tenThousandths(position.titles) : 0);
      if (!position) sold++;
    }
    // The old Ferrovial line, the delisted one and every converted issue of rights.
    expect(sold).toBeGreaterThanOrEqual(3);
  });

  it("changes an ISIN with a sell of the old line and a buy of the same titles of the new one, on one day", async () => {
    const { investments, portfolioTransactions } = await broker();
    const sell = portfolioTransactions.find((t) => t.type === "ISIN_CHANGE_SELL");
    const buy = portfolioTransactions.find((t) => t.type === "ISIN_CHANGE_BUY");
    expect(sell).toMatchObject({ date: "2023-06-16", shares: buy?.shares });
    expect(buy?.date).toBe(sell?.date);
    expect(investments.find((i) => i.id === buy?.investmentId)?.relatedSecurity).toBe(sell?.investmentId);
    // Nothing happens to the old line afterwards, and nothing to the new one before.
    const ofLine = (id?: string) => portfolioTransactions.filter((t) => t.investmentId === id);
    expect(ofLine(sell?.investmentId).at(-1)).toBe(sell);
    expect(ofLine(buy?.investmentId)[0]).toBe(buy);
  });

  it("pays Iberdrola's scrip dividend in rights that become new shares, the rights left over sold", async () => {
    const { investments, portfolioTransactions } = await broker();
    const iberdrola = investments.find((i) => i.isin === "ES0144580Y14");
    const january = portfolioTransactions.filter((t) => t.date.startsWith("2026-01"));
    const issue = january.find((t) => t.type === "RIGHTS_ISSUE");
    const rights = investments.find((i) => i.id === issue?.investmentId);
    expect(rights).toMatchObject({
      assetType: "RIGHTS",
      relatedSecurity: iberdrola?.id,
      name: "Iberdrola SA Derechos 01/2026",
    });
    const ofRights = january.filter((t) => t.investmentId === rights?.id);
    expect(ofRights.map((t) => t.type)).toEqual(["RIGHTS_ISSUE", "RIGHTS_CONVERSION", "SELL"]);
    const [issued = 0, converted = 0, left = 0] = ofRights.map((t) => tenThousandths(t.shares));
    expect(converted + left).toBe(issued);
    const scrip = january.find((t) => t.type === "SCRIP_DIVIDEND");
    expect(scrip).toMatchObject({ investmentId: iberdrola?.id, date: ofRights[1]?.date });
    // A whole number of new shares for a whole number of lots of rights, fewer rights left than a lot.
    const newShares = tenThousandths(scrip?.shares ?? "0");
    expect(newShares % 10_000).toBe(0);
    const ratio = converted / newShares;
    expect(Number.isInteger(ratio) && ratio > 1 && left < ratio * 10_000).toBe(true);
  });

  it("trades a USD stock in dollars, charges the fee in EUR, and debits the broker account the EUR amount", () => {
    const data = twoYears();
    const apple = data.investments.find((i) => i.isin === "US0378331005");
    // Portfolio movements go back to the opening; the account shows two years.
    const shown = isoDate(dayNumber(TEST_NOW) - 731);
    const buys = data.portfolioTransactions.filter(
      (t) => t.investmentId === apple?.id && t.type === "BUY" && t.date >= shown,
    );
    expect(buys.length).toBeGreaterThan(0);
    const brokerAccount = data.accounts.find((a) => a.portfolio !== null);
    for (const buy of buys) {
      expect(buy.currency).toBe("USD");
      const rate = exchangeRate("USD", dayNumber(new Date(buy.date)));
      const cash = data.transactions.find(
        (t) => t.accountId === brokerAccount?.id && t.date === buy.date && t.description === buy.description,
      );
      expect(cash?.currency).toBe("EUR");
      expect(cents(cash?.amount ?? "0")).toBe(toReferenceCents(cents(buy.amount), rate));
      const fee = data.portfolioTransactions.find(
        (t) => t.type === "FEE" && t.investmentId === apple?.id && t.date === buy.date,
      );
      expect(fee?.currency).toBe("EUR");
    }
  });
});

describe("broker account transactions", () => {
  it("credits dividends and coupons gross, each withholding a movement of its own", () => {
    const { transactions } = twoYears();
    const income = transactions.filter((t) => t.type === "DIVIDENDS" || t.type === "COUPON");
    expect(new Set(income.map((t) => t.type))).toEqual(new Set(["DIVIDENDS", "COUPON"]));
    const retentions = transactions.filter((t) => t.type === "DIVIDEND_RETENTION");
    for (const t of income) {
      const withheld = retentions.filter(
        (r) =>
          r.date === t.date &&
          r.accountId === t.accountId &&
          r.description.endsWith(t.description.replace(/^\S+ /, "")),
      );
      const spanish = withheld.find((r) => r.description.startsWith("Retención IRPF"));
      expect(cents(spanish?.amount ?? "0"), t.description).toBe(-roundDiv(cents(t.amount) * 19, 100));
      const source = withheld.filter((r) => r.description.startsWith("Retención en origen"));
      // Only the US withholds at source (15 % under the treaty); a UK or Spanish dividend arrives whole.
      if (t.description.endsWith("Apple"))
        expect(cents(source[0]?.amount ?? "0")).toBe(-roundDiv(cents(t.amount) * 15, 100));
      else expect(source).toEqual([]);
    }
    expect(retentions.length).toBe(income.length + income.filter((t) => t.description.endsWith("Apple")).length);
  });

  it("settles stocks on the broker account, and fund subscriptions and plan contributions on the current account", () => {
    const { accounts, transactions } = twoYears();
    const accountOf = (text: RegExp) =>
      new Set(transactions.filter((t) => text.test(t.description)).map((t) => t.accountId));
    const current = accounts.find((a) => a.alias === "Cuenta Corriente")?.id;
    const brokerAccount = accounts.find((a) => a.portfolio !== null)?.id;
    expect(accountOf(/^Suscripción /)).toEqual(new Set([current]));
    expect(accountOf(/^Aportación /)).toEqual(new Set([current]));
    expect(accountOf(/^Compra \d+ /)).toEqual(new Set([brokerAccount]));
    expect(accountOf(/^Dividendo /)).toEqual(new Set([brokerAccount]));
  });

  it("books the cash the customer adds to the broker account as DEPOSIT, and nothing else", () => {
    const { accounts, transactions } = twoYears();
    const brokerAccount = accounts.find((a) => a.portfolio !== null)?.id;
    const deposits = transactions.filter((t) => t.type === "DEPOSIT");
    expect(deposits.length).toBeGreaterThan(0);
    for (const t of deposits)
      expect([t.accountId, t.description]).toEqual([brokerAccount, "Traspaso desde Cuenta Corriente"]);
    const incoming = transactions.filter((t) => t.description === "Traspaso desde Cuenta Corriente");
    expect(incoming.length).toBe(deposits.length);
  });
});
