import { z } from "zod";
import { Currency, IsoDate, IsoDateTime, Money, page } from "./common";

export const Owner = z.object({ name: z.string(), role: z.string().meta({ example: "HOLDER" }) });
export type Owner = z.infer<typeof Owner>;

export const Product = z.enum(["TRANSACTIONS", "INVESTMENTS"]);
export type Product = z.infer<typeof Product>;

export const Entity = z
  .object({
    id: z.string().meta({ example: "sandbox_bank" }),
    name: z.string(),
    country: z.string().regex(/^[A-Z]{2}$/),
    maturity: z.enum(["TEST", "PROD"]),
    products: z.array(Product),
    twoFactor: z.boolean().meta({ description: "Whether the entity may ask for a second factor" }),
    logoUrl: z.string().nullable(),
  })
  .meta({ id: "Entity" });
export type Entity = z.infer<typeof Entity>;

export const Account = z
  .object({
    id: z.string(),
    portfolio: z.string().nullable().meta({ description: "Id of the portfolio this cash account settles, if any" }),
    iban: z.string().nullable(),
    type: z.enum(["CASH_ACCOUNT", "OTHER"]),
    alias: z.string(),
    balance: Money,
    currency: Currency,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    owners: z.array(Owner),
  })
  .meta({ id: "Account" });
export type Account = z.infer<typeof Account>;

export const Transaction = z
  .object({
    id: z.string(),
    accountId: z.string(),
    date: IsoDate,
    valueDate: IsoDate,
    amount: Money,
    currency: Currency,
    description: z.string(),
    type: z.enum(["DEBIT", "CREDIT"]),
    category: z.string().nullable(),
  })
  .meta({ id: "Transaction" });
export type Transaction = z.infer<typeof Transaction>;
export const TransactionPage = page(Transaction).meta({ id: "TransactionPage" });

export const Portfolio = z
  .object({
    id: z.string(),
    type: z.enum(["MIX", "STOCK_PORTFOLIO", "COMPOSITE_ASSETS_PORTFOLIO", "MANAGED"]),
    owners: z.array(Owner),
    balance: Money,
    currency: Currency,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Portfolio" });
export type Portfolio = z.infer<typeof Portfolio>;

export const Position = z
  .object({
    id: z.string(),
    investmentId: z.string(),
    shares: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .meta({ description: "Decimal string" }),
    averagePrice: Money,
    marketValue: Money,
    currency: Currency,
  })
  .meta({ id: "Position" });
export type Position = z.infer<typeof Position>;

export const PortfolioTransactionType = z.enum([
  "BUY",
  "SELL",
  "DIVIDENDS",
  "COUPON",
  "FEE",
  "TRANSFER_IN",
  "TRANSFER_OUT",
]);

export const PortfolioTransaction = z
  .object({
    id: z.string(),
    portfolioId: z.string(),
    investmentId: z.string(),
    date: IsoDate,
    valueDate: IsoDate,
    amount: Money,
    shares: z.string().regex(/^\d+(\.\d+)?$/),
    currency: Currency,
    description: z.string(),
    type: PortfolioTransactionType,
  })
  .meta({ id: "PortfolioTransaction" });
export type PortfolioTransaction = z.infer<typeof PortfolioTransaction>;
export const PortfolioTransactionPage = page(PortfolioTransaction).meta({ id: "PortfolioTransactionPage" });

export const Investment = z
  .object({
    id: z.string(),
    name: z.string(),
    isin: z.string().regex(/^[A-Z]{2}[A-Z0-9]{9}\d$/),
    currency: Currency,
    exchange: z.string().nullable(),
    assetType: z.enum(["STOCK", "ETF", "FUND", "BOND", "OTHER"]),
  })
  .meta({ id: "Investment" });
export type Investment = z.infer<typeof Investment>;

/** Query of the transaction list endpoints: a date range plus keyset pagination. */
export const TransactionQuery = z.object({
  from: IsoDate.optional().meta({ description: "Oldest date included" }),
  to: IsoDate.optional().meta({ description: "Newest date included" }),
});
