import type { ExtractedInvestment, ExtractedPortfolio, ExtractedPosition } from "../connector";
import { exchangeRate, type SandboxCurrency } from "./currencies";
import type { AccountKey, Ledger, Trade } from "./ledger";
import {
  formatCents,
  formatMicros,
  formatRate,
  formatShares,
  toReferenceCents,
  toReferencePriceMicros,
  valueCents,
} from "./money";
import type { PortfolioSpec } from "./profile";

/** One line of a portfolio: an investment and how many titles of it the customer holds. */
export interface Holding {
  investment: ExtractedInvestment & { currency: SandboxCurrency };
  portfolioId: string;
  /** Where its money comes from and goes to: the broker account for stocks, the current account for funds and plans. */
  cashKey: AccountKey;
  /** In 1/10,000 titles. */
  units: number;
  /** The closing price on a day, in cents of the investment's currency. */
  priceCents(day: number): number;
}

/** What `units` of the line are worth on `day`, in its own currency and in EUR. */
export function worth(h: Holding, units: number, day: number): { localCents: number; cents: number } {
  const localCents = valueCents(units, h.priceCents(day));
  return { localCents, cents: toReferenceCents(localCents, exchangeRate(h.investment.currency, day)) };
}

/**
 * Records a movement of the line in the portfolio, in the line's currency unless told otherwise (a
 * Spanish broker charges its fees in EUR). Its cash side, if any, is booked on the account separately.
 */
export function record(
  ledger: Ledger,
  day: number,
  h: Holding,
  move: Pick<Trade, "type" | "cents" | "units" | "description"> & Partial<Pick<Trade, "currency" | "valueShift">>,
): void {
  ledger.trade(day, {
    portfolioId: h.portfolioId,
    investmentId: h.investment.id,
    currency: h.investment.currency,
    ...move,
  });
}

export interface BrokerSnapshot {
  portfolios: ExtractedPortfolio[];
  positions: ExtractedPosition[];
  investments: ExtractedInvestment[];
}

/**
 * Portfolios, positions and investments valued at `day`'s prices and rates. A position's EUR price and
 * amount are its local ones divided by the rate, rounded to the cent; a portfolio is worth the sum of its
 * positions' EUR amounts (cash is on the accounts, as Vumi has it).
 */
export function snapshotOf(
  holdings: readonly Holding[],
  portfolios: readonly PortfolioSpec[],
  day: number,
  positionId: (h: Holding) => string,
): BrokerSnapshot {
  const balances = new Map<string, number>();
  const positions = holdings
    .filter((h) => h.units > 0)
    .map((h): ExtractedPosition => {
      const rate = exchangeRate(h.investment.currency, day);
      const localPrice = h.priceCents(day);
      const localAmount = valueCents(h.units, localPrice);
      const amount = toReferenceCents(localAmount, rate);
      balances.set(h.portfolioId, (balances.get(h.portfolioId) ?? 0) + amount);
      return {
        id: positionId(h),
        portfolioId: h.portfolioId,
        investmentId: h.investment.id,
        titles: formatShares(h.units),
        amount: formatCents(amount),
        price: formatMicros(toReferencePriceMicros(localPrice, rate)),
        currency: "EUR",
        localAmount: formatCents(localAmount),
        localPrice: formatCents(localPrice),
        localCurrency: h.investment.currency,
        exchangeRate: formatRate(rate),
      };
    });
  return {
    portfolios: portfolios.map((p) => ({
      id: p.id,
      type: p.type,
      owners: [...p.owners],
      balance: formatCents(balances.get(p.id) ?? 0),
      currency: "EUR",
    })),
    positions,
    investments: holdings.map((h) => structuredClone(h.investment)),
  };
}
