import type {
  Account,
  Investment,
  Owner,
  Portfolio,
  PortfolioTransaction,
  Position,
  Transaction,
} from "@finlink/contracts";
import type {
  accounts,
  investments,
  portfolios,
  portfolioTransactions,
  positions,
  transactions,
} from "../../db/schema";
import { toMoney, toPlainDecimal } from "./decimal";

// Rows are written from the connector's contract-shaped values (jobs/store-batch.ts), so the enum and
// jsonb columns hold what the contract allows; only numbers and instants need converting here.

export function toAccount(row: typeof accounts.$inferSelect): Account {
  return {
    id: row.id,
    portfolio: row.portfolio,
    iban: row.iban,
    type: row.type as Account["type"],
    alias: row.alias,
    balance: toMoney(row.balance),
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    owners: row.owners as Owner[],
  };
}

export function toTransaction(row: typeof transactions.$inferSelect): Transaction {
  return {
    id: row.id,
    accountId: row.accountId,
    date: row.date,
    valueDate: row.valueDate,
    amount: toMoney(row.amount),
    currency: row.currency,
    description: row.description,
    type: row.type as Transaction["type"],
    category: row.category,
  };
}

export function toPortfolio(row: typeof portfolios.$inferSelect): Portfolio {
  return {
    id: row.id,
    type: row.type as Portfolio["type"],
    owners: row.owners as Owner[],
    balance: toMoney(row.balance),
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPosition(row: typeof positions.$inferSelect): Position {
  return {
    id: row.id,
    investmentId: row.investmentId,
    shares: toPlainDecimal(row.shares),
    averagePrice: toMoney(row.averagePrice),
    marketValue: toMoney(row.marketValue),
    currency: row.currency,
  };
}

export function toPortfolioTransaction(row: typeof portfolioTransactions.$inferSelect): PortfolioTransaction {
  return {
    id: row.id,
    portfolioId: row.portfolioId,
    investmentId: row.investmentId,
    date: row.date,
    valueDate: row.valueDate,
    amount: toMoney(row.amount),
    shares: toPlainDecimal(row.shares),
    currency: row.currency,
    description: row.description,
    type: row.type as PortfolioTransaction["type"],
  };
}

export function toInvestment(row: typeof investments.$inferSelect): Investment {
  return {
    id: row.id,
    name: row.name,
    isin: row.isin,
    currency: row.currency,
    exchange: row.exchange,
    assetType: row.assetType as Investment["assetType"],
  };
}
