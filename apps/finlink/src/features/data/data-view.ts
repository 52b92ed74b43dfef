import type {
  Account,
  ActivePosition,
  Investment,
  ManagementCompany,
  Portfolio,
  PortfolioTransaction,
  Transaction,
} from "@finlink/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import {
  accounts,
  type investments,
  portfolios,
  portfolioTransactions,
  type positions,
  transactions,
} from "../../db/schema";
import { JsonDecimal, type Wire } from "../../lib/wire-json";
import { toMoney, toPlainDecimal, weights } from "./decimal";
import type { DatedList } from "./keyset";

// Rows are written from the connector's contract-shaped values (jobs/store-batch.ts), so the enum and
// jsonb columns hold what the contract allows; numbers stay decimal text from the numeric column to the
// JSON body (see lib/wire-json.ts), and instants become ISO strings.

const money = (value: string) => new JsonDecimal(toMoney(value));
const quantity = (value: string) => new JsonDecimal(toPlainDecimal(value));

export function toAccount(row: typeof accounts.$inferSelect): Wire<Account> {
  return {
    id: row.id,
    portfolio: row.portfolio,
    iban: row.iban,
    type: row.type as Account["type"],
    alias: row.alias,
    balance: money(row.balance),
    currency: row.currency,
    updatedAt: row.updatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    owners: row.owners as string[],
  };
}

/**
 * An account transaction on the wire, written by the database (`keyset.ts`): the fields in the order
 * `Transaction` lists them. `amount` is numeric(18, 2), whose text always has the two decimals `toMoney`
 * would write.
 */
export const transactionFields = {
  id: transactions.id,
  accountId: transactions.accountId,
  date: transactions.date,
  valueDate: transactions.valueDate,
  amount: transactions.amount,
  currency: transactions.currency,
  description: transactions.description,
  type: transactions.type,
  category: transactions.category,
} satisfies Record<keyof Transaction, PgColumn | SQL>;

export function toPortfolio(row: typeof portfolios.$inferSelect): Wire<Portfolio> {
  return {
    id: row.id,
    type: row.type as Portfolio["type"],
    owners: row.owners as string[],
    balance: money(row.balance),
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type PositionRow = typeof positions.$inferSelect & {
  investment: Pick<typeof investments.$inferSelect, "name" | "isin" | "exchange" | "assetType">;
};

/**
 * Active positions as Vumi lists them, weighted within their portfolio: each position's share of the
 * portfolio's invested amount (reference currency), worked out on cents (`weights`), never in floats.
 */
export function toActivePositions(rows: readonly PositionRow[]): Wire<ActivePosition>[] {
  const byPortfolio = new Map<string, PositionRow[]>();
  for (const row of rows) byPortfolio.set(row.portfolioId, [...(byPortfolio.get(row.portfolioId) ?? []), row]);
  const weightOf = new Map<PositionRow, string>();
  for (const group of byPortfolio.values()) {
    const shares = weights(group.map((row) => row.amount));
    for (const [i, row] of group.entries()) weightOf.set(row, shares[i] ?? "0");
  }
  return rows.map((row) => ({
    portfolio: row.portfolioId,
    investment: row.investmentId,
    name: row.investment.name,
    isin: row.investment.isin,
    currency: row.currency,
    localCurrency: row.localCurrency,
    exchange: row.investment.exchange,
    assetType: row.investment.assetType as ActivePosition["assetType"],
    titles: quantity(row.titles),
    amount: money(row.amount),
    localAmount: money(row.localAmount),
    price: quantity(row.price),
    localPrice: quantity(row.localPrice),
    exchangeRate: quantity(row.exchangeRate),
    weight: new JsonDecimal(weightOf.get(row) ?? "0"),
  }));
}

/**
 * A portfolio transaction on the wire, like `transactionFields`; `shares` (numeric of any scale) without
 * insignificant zeros, as `toPlainDecimal` writes it.
 */
export const portfolioTransactionFields = {
  id: portfolioTransactions.id,
  portfolioId: portfolioTransactions.portfolioId,
  investmentId: portfolioTransactions.investmentId,
  date: portfolioTransactions.date,
  valueDate: portfolioTransactions.valueDate,
  amount: portfolioTransactions.amount,
  shares: sql`trim_scale(${portfolioTransactions.shares})`,
  currency: portfolioTransactions.currency,
  description: portfolioTransactions.description,
  type: portfolioTransactions.type,
} satisfies Record<keyof PortfolioTransaction, PgColumn | SQL>;

/** The two lists read page by page (`keyset.ts`), by the kind of their parent. */
export const datedLists = {
  account: {
    table: transactions,
    parentColumn: transactions.accountId,
    parentTable: accounts,
    fields: transactionFields,
  },
  portfolio: {
    table: portfolioTransactions,
    parentColumn: portfolioTransactions.portfolioId,
    parentTable: portfolios,
    fields: portfolioTransactionFields,
  },
} as const satisfies Record<string, DatedList>;

export function toInvestment(row: typeof investments.$inferSelect): Investment {
  return {
    id: row.id,
    name: row.name,
    isin: row.isin,
    currency: row.currency,
    exchange: row.exchange,
    assetType: row.assetType as Investment["assetType"],
    unknown: row.unknown,
    relatedSecurity: row.relatedSecurity,
    spanishTaxExempt: row.spanishTaxExempt,
    managementCompany: row.managementCompany as ManagementCompany | null,
  };
}
