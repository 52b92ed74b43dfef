import { z } from "zod";
import { Currency, IsoDate, IsoDateTime, Money, page, Quantity } from "./common";

/** Unique holders of an account or portfolio, by name, as the entity writes them. */
export const Owners = z
  .array(z.string())
  .meta({ description: "Unique owners by name", example: ["CARLOS MATA GARCIA", "OSCAR MENDEZ VALLADARES"] });

export const Product = z.enum(["TRANSACTIONS", "INVESTMENTS"]);
export type Product = z.infer<typeof Product>;

/**
 * Extension: what kind of entity it is. Vumi's docs speak of entities "of type `BROKER`" (accounts attached to
 * portfolios come only from those) but their list of types was not readable; these two are the ones the
 * platform connects. Additive: a Vumi client ignores the field.
 */
export const EntityType = z.enum(["BANK", "BROKER"]).meta({ id: "EntityType" });
export type EntityType = z.infer<typeof EntityType>;

export const Entity = z
  .object({
    id: z.string().meta({ example: "sandbox_bank" }),
    name: z.string(),
    country: z.string().regex(/^[A-Z]{2}$/),
    maturity: z.enum(["TEST", "PROD"]),
    products: z.array(Product),
    twoFactor: z.boolean().meta({ description: "Whether the entity may ask for a second factor" }),
    logoUrl: z.string().nullable(),
    type: EntityType.meta({ description: "Extension: BANK or BROKER" }),
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
    owners: Owners,
  })
  .meta({ id: "Account" });
export type Account = z.infer<typeof Account>;

/**
 * Vumi's documented account transaction types where they apply; `DEBIT` and `CREDIT` (any other movement,
 * by its sign) are extensions.
 */
export const AccountTransactionType = z
  .enum(["COUPON", "DEPOSIT", "DIVIDENDS", "DIVIDEND_RETENTION", "DEBIT", "CREDIT"])
  .meta({
    id: "AccountTransactionType",
    description:
      "Vumi's types: `COUPON` (bond interest), `DEPOSIT` (cash added by the holder), `DIVIDENDS`, `DIVIDEND_RETENTION` (tax withheld from a dividend or coupon). Extensions: `DEBIT` and `CREDIT`, every other movement by its sign (`category` says what it was).",
  });
export type AccountTransactionType = z.infer<typeof AccountTransactionType>;

export const Transaction = z
  .object({
    id: z.string(),
    accountId: z.string(),
    date: IsoDate,
    valueDate: IsoDate,
    amount: Money,
    currency: Currency,
    description: z.string(),
    type: AccountTransactionType,
    category: z.string().nullable(),
  })
  .meta({ id: "Transaction" });
export type Transaction = z.infer<typeof Transaction>;
export const TransactionPage = page(Transaction).meta({ id: "TransactionPage" });

export const Portfolio = z
  .object({
    id: z.string(),
    type: z.enum(["MIX", "STOCK_PORTFOLIO", "COMPOSITE_ASSETS_PORTFOLIO", "MANAGED"]),
    owners: Owners,
    balance: Money,
    currency: Currency,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "Portfolio" });
export type Portfolio = z.infer<typeof Portfolio>;

/** Vumi's investment types; `OTHER` is an extension for anything else. */
export const AssetType = z.enum(["STOCK", "ETF", "RIGHTS", "FUND", "PP", "BOND", "WARRANT", "OTHER"]).meta({
  id: "AssetType",
  description: "`PP` is a pension plan (pension funds are not `FUND`). `OTHER` is an extension.",
});
export type AssetType = z.infer<typeof AssetType>;

/** An active position as Vumi lists it: every portfolio of the connection, valued, cash excluded. */
export const ActivePosition = z
  .object({
    portfolio: z.string().meta({ description: "Id of the portfolio holding it" }),
    investment: z.string().meta({ description: "Id of the investment (see List investments)" }),
    name: z.string(),
    isin: z.string().nullable(),
    currency: Currency.meta({ description: "Reference currency (the portfolio's)" }),
    localCurrency: Currency.meta({ description: "The investment's own currency" }),
    exchange: z.string().nullable().meta({ description: "MIC code of the exchange, null for funds and plans" }),
    assetType: AssetType,
    titles: Quantity.meta({ description: "Titles held (shares, fund units, bonds)" }),
    amount: Money.meta({ description: "Value in the reference currency" }),
    localAmount: Money.meta({ description: "Value in the local currency" }),
    price: Quantity.meta({ description: "Price per title, reference currency" }),
    localPrice: Quantity.meta({ description: "Price per title, local currency" }),
    exchangeRate: Quantity.meta({
      description: "Reference → local: EURUSD when the reference is EUR and the local currency USD",
    }),
    weight: Quantity.meta({
      description:
        "Share of the portfolio's investments by reference amount (0.45 = 45 %), cash excluded; per portfolio the weights sum to exactly 1",
    }),
  })
  .meta({ id: "ActivePosition" });
export type ActivePosition = z.infer<typeof ActivePosition>;

/**
 * Vumi's portfolio transaction types, with their share impact (+ adds titles, − removes them, = states the
 * position). `FEE`, `TRANSFER_IN` and `TRANSFER_OUT` (titles moved from or to another entity) are extensions.
 */
export const PortfolioTransactionType = z
  .enum([
    "BUY",
    "COMPENSATION",
    "COUPON",
    "DELISTING",
    "DIVIDENDS",
    "EXPIRATION",
    "INHERITANCE_OR_DONATION_TRANSFER_IN",
    "INHERITANCE_OR_DONATION_TRANSFER_OUT",
    "ISIN_CHANGE_BUY",
    "ISIN_CHANGE_SELL",
    "MERGER_BUY",
    "MERGER_SELL",
    "OFF_MARKET_BUY",
    "OFF_MARKET_SELL",
    "PRODUCT_CHANGE_BUY",
    "PRODUCT_CHANGE_SELL",
    "RIGHTS_EXCLUSION",
    "RIGHTS_ISSUE",
    "RIGHTS_CONVERSION",
    "SCRIP_DIVIDEND",
    "SELL",
    "FEE",
    "TRANSFER_IN",
    "TRANSFER_OUT",
  ])
  .meta({
    id: "PortfolioTransactionType",
    description:
      "Share impact: + `BUY`, `INHERITANCE_OR_DONATION_TRANSFER_IN`, `ISIN_CHANGE_BUY`, `MERGER_BUY`, `OFF_MARKET_BUY`, `PRODUCT_CHANGE_BUY`, `RIGHTS_ISSUE`, `SCRIP_DIVIDEND`, `TRANSFER_IN`; − `SELL`, `DELISTING`, `EXPIRATION`, `INHERITANCE_OR_DONATION_TRANSFER_OUT`, `ISIN_CHANGE_SELL`, `MERGER_SELL`, `OFF_MARKET_SELL`, `PRODUCT_CHANGE_SELL`, `RIGHTS_CONVERSION`, `RIGHTS_EXCLUSION`, `TRANSFER_OUT`; = `COMPENSATION`, `COUPON`, `DIVIDENDS`, `FEE` (`shares` states the position). Extensions: `FEE`, `TRANSFER_IN`, `TRANSFER_OUT`.",
  });
export type PortfolioTransactionType = z.infer<typeof PortfolioTransactionType>;

export const PortfolioTransaction = z
  .object({
    id: z.string(),
    portfolioId: z.string(),
    investmentId: z.string(),
    date: IsoDate,
    valueDate: IsoDate,
    amount: Money,
    shares: Quantity.meta({ description: "Titles moved (or, for `=` types, the position held)" }),
    currency: Currency,
    description: z.string(),
    type: PortfolioTransactionType,
  })
  .meta({ id: "PortfolioTransaction" });
export type PortfolioTransaction = z.infer<typeof PortfolioTransaction>;
export const PortfolioTransactionPage = page(PortfolioTransaction).meta({ id: "PortfolioTransactionPage" });

export const ManagementCompany = z
  .object({ name: z.string(), cif: z.string().meta({ example: "A00000000" }) })
  .meta({ id: "ManagementCompany", description: "Manager of a fund or pension plan" });
export type ManagementCompany = z.infer<typeof ManagementCompany>;

export const Investment = z
  .object({
    id: z.string(),
    name: z.string(),
    isin: z
      .string()
      .regex(/^[A-Z]{2}[A-Z0-9]{9}\d$/)
      .nullable()
      .meta({ description: "Null only for an `unknown` investment the entity did not identify" }),
    currency: Currency,
    exchange: z.string().nullable().meta({ description: "MIC code, null for funds and plans" }),
    assetType: AssetType,
    unknown: z.boolean().meta({
      description: "The entity gave too little to identify the security (happens only for positions no longer active)",
    }),
    relatedSecurity: z.string().nullable().meta({
      description: "Id of a related investment: the stock a right comes from, the old line of an ISIN change",
    }),
    spanishTaxExempt: z.boolean().meta({
      description: "Can move to another fund or plan without Spanish capital-gains tax (a traspaso)",
    }),
    managementCompany: ManagementCompany.nullable(),
  })
  .meta({ id: "Investment" });
export type Investment = z.infer<typeof Investment>;

/** Query of the transaction list endpoints: a date range plus keyset pagination. */
export const TransactionQuery = z.object({
  from: IsoDate.optional().meta({ description: "Oldest date included" }),
  to: IsoDate.optional().meta({ description: "Newest date included" }),
});
