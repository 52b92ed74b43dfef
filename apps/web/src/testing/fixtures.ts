import type {
  Account,
  ActivePosition,
  BffConnection,
  BffUser,
  Investment,
  Portfolio,
  PortfolioTransaction,
  Transaction,
} from "@finlink/contracts";

export const USER: BffUser = { id: "6a0c8b2e-1f43-4c8a-9d5e-2b7f1c3a4d50", name: "Ana" };
export const CONNECTION_ID = "0b9d7c1e-5a4f-4e2b-8c3d-1f6a2b3c4d5e";

export function connection(overrides: Partial<BffConnection> = {}): BffConnection {
  return {
    id: CONNECTION_ID,
    entity: "sandbox_bank",
    entityName: "Sandbox Bank",
    status: "READY",
    errorDetails: null,
    userAction: null,
    twoFactorEnabled: false,
    lastSync: "2026-11-24T10:15:00.000Z",
    createdAt: "2026-11-24T10:14:00.000Z",
    updatedAt: "2026-11-24T10:15:00.000Z",
    ...overrides,
  };
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: "acc-1",
    portfolio: null,
    iban: "ES9121000418450200051332",
    type: "CASH_ACCOUNT",
    alias: "Cuenta Nómina",
    balance: 12345.6,
    currency: "EUR",
    createdAt: "2026-11-24T10:15:00.000Z",
    updatedAt: "2026-11-24T10:15:00.000Z",
    owners: ["ANA GARCIA LOPEZ"],
    ...overrides,
  };
}

export function transaction(id: string, overrides: Partial<Transaction> = {}): Transaction {
  return {
    id,
    accountId: "acc-1",
    date: "2026-11-20",
    valueDate: "2026-11-20",
    amount: -42.1,
    currency: "EUR",
    description: `Movimiento ${id}`,
    type: "DEBIT",
    category: "Supermercado",
    ...overrides,
  };
}

export function portfolio(overrides: Partial<Portfolio> = {}): Portfolio {
  return {
    id: "pf-1",
    type: "STOCK_PORTFOLIO",
    owners: ["ANA GARCIA LOPEZ"],
    balance: 20000,
    currency: "EUR",
    createdAt: "2026-11-24T10:15:00.000Z",
    updatedAt: "2026-11-24T10:15:00.000Z",
    ...overrides,
  };
}

export function position(overrides: Partial<ActivePosition> = {}): ActivePosition {
  return {
    portfolio: "pf-1",
    investment: "inv-1",
    name: "Iberdrola",
    isin: "ES0144580Y14",
    currency: "EUR",
    localCurrency: "EUR",
    exchange: "XMAD",
    assetType: "STOCK",
    titles: 150,
    amount: 9024,
    localAmount: 9024,
    price: 60.16,
    localPrice: 60.16,
    exchangeRate: 1,
    weight: 0.4512,
    ...overrides,
  };
}

export function investment(overrides: Partial<Investment> = {}): Investment {
  return {
    id: "inv-1",
    name: "Iberdrola",
    isin: "ES0144580Y14",
    currency: "EUR",
    exchange: "XMAD",
    assetType: "STOCK",
    unknown: false,
    relatedSecurity: null,
    spanishTaxExempt: false,
    managementCompany: null,
    ...overrides,
  };
}

export function portfolioTransaction(id: string, overrides: Partial<PortfolioTransaction> = {}): PortfolioTransaction {
  return {
    id,
    portfolioId: "pf-1",
    investmentId: "inv-1",
    date: "2026-11-03",
    valueDate: "2026-11-05",
    amount: -1737.06,
    shares: 393,
    currency: "EUR",
    description: `Compra ${id}`,
    type: "BUY",
    ...overrides,
  };
}
