import type { Investment, Owner } from "@finlink/contracts";
import type { ExtractedPortfolio, ExtractedPosition } from "../connector";
import { type DayInfo, isFirstBusinessDayFrom, monthIndex } from "./calendar";
import { INSTRUMENTS, type Instrument, isinOf, priceCents } from "./instruments";
import type { AccountKey, Ledger, Trade } from "./ledger";
import { formatCents, formatShares, SHARE_SCALE, valueCents } from "./money";
import type { PortfolioIds } from "./profile";
import { type Rng, stableId } from "./random";

const EUR = 100;
const WITHHOLDING_PERCENT = 19;
/** Broker commission on stock and ETF orders: 0.12 %, at least 3.95 €. */
const COMMISSION_PER_10K = 12;
const MIN_COMMISSION_CENTS = 395;

interface Holding {
  instrument: Instrument;
  investmentId: string;
  portfolioId: string;
  /** Where the portfolio's money comes from and goes to: the broker account for stocks, the current account for funds. */
  cashKey: AccountKey;
  units: number;
  costCents: number;
}

export interface BrokerSnapshot {
  portfolios: ExtractedPortfolio[];
  positions: ExtractedPosition[];
  investments: Investment[];
}

export interface Broker {
  simulate(info: DayInfo): void;
  /** Portfolios and positions valued at `day`'s prices. */
  snapshot(day: number): BrokerSnapshot;
}

/**
 * A customer who brought a portfolio from another broker on `openDay`, then buys a stock or ETF every
 * month, subscribes to an index fund monthly, trims the largest position twice a year, and collects
 * dividends and coupons.
 */
export function createBroker(
  scope: { entityId: string; username: string; owners: Owner[]; portfolios: PortfolioIds; openDay: number },
  ledger: Ledger,
  rng: Rng,
): Broker {
  const { entityId, username, portfolios } = scope;
  const holdings: Holding[] = INSTRUMENTS.map((instrument) => ({
    instrument,
    investmentId: stableId("inv", entityId, username, isinOf(instrument)),
    portfolioId: portfolios[instrument.portfolio],
    cashKey: instrument.portfolio === "stocks" ? "broker" : "current",
    units: 0,
    costCents: 0,
  }));
  const stocks = holdings.filter((h) => h.instrument.portfolio === "stocks");
  const fund = holdings.find((h) => h.instrument.assetType === "FUND");
  const stockBudgetCents = rng.int(4, 10) * 100 * EUR;
  const fundMonthlyCents = rng.int(1, 4) * 50 * EUR;

  for (const h of holdings) {
    const price = priceCents(h.instrument, scope.openDay);
    const units = h.instrument.assetType === "BOND" ? 5 * SHARE_SCALE : unitsFor(h, rng.int(2_000, 4_500) * EUR, price);
    h.units = units;
    h.costCents = valueCents(units, price);
    record(scope.openDay, h, "TRANSFER_IN", h.costCents, units, "Traspaso de valores desde otra entidad");
  }

  function unitsFor(h: Holding, budgetCents: number, price: number): number {
    const units = Math.floor((budgetCents * SHARE_SCALE) / price);
    // Stocks and ETFs trade in whole shares; fund units in fractions.
    return h.instrument.assetType === "FUND" ? units : units - (units % SHARE_SCALE);
  }

  function record(day: number, h: Holding, type: Trade["type"], cents: number, units: number, text: string) {
    const settles = type === "BUY" || type === "SELL" ? 2 : 0;
    ledger.trade(day, {
      portfolioId: h.portfolioId,
      investmentId: h.investmentId,
      type,
      cents,
      units,
      description: text,
      valueShift: settles,
    });
  }

  function order(day: number, h: Holding, type: "BUY" | "SELL", units: number): void {
    const cents = valueCents(units, priceCents(h.instrument, day));
    const isFund = h.instrument.assetType === "FUND";
    const verb = isFund ? (type === "BUY" ? "Suscripción" : "Reembolso") : type === "BUY" ? "Compra" : "Venta";
    const text = isFund ? `${verb} ${h.instrument.short}` : `${verb} ${formatShares(units)} ${h.instrument.short}`;
    const sign = type === "BUY" ? -1 : 1;
    if (type === "BUY") h.costCents += cents;
    else h.costCents -= Math.round((h.costCents * units) / h.units);
    h.units += type === "BUY" ? units : -units;
    record(day, h, type, sign * cents, units, text);
    ledger.post(day, h.cashKey, sign * cents, text, "INVERSIONES", 2);
    if (isFund) return;
    const fee = Math.max(MIN_COMMISSION_CENTS, Math.round((cents * COMMISSION_PER_10K) / 10_000));
    record(day, h, "FEE", -fee, units, `Comisión ${verb.toLowerCase()} ${h.instrument.short}`);
    ledger.post(day, h.cashKey, -fee, "Comisión compraventa valores", "COMISIONES");
  }

  function payIncome(d: DayInfo, h: Holding): void {
    const income = h.instrument.income;
    if (!income || h.units === 0 || !income.months.includes(d.month) || !isFirstBusinessDayFrom(d, income.dom)) return;
    const gross = Math.round((h.units * income.centsPerShare) / SHARE_SCALE);
    const net = gross - Math.round((gross * WITHHOLDING_PERCENT) / 100);
    const text = `${income.type === "COUPON" ? "Cupón" : "Dividendo"} ${h.instrument.short}`;
    record(d.day, h, income.type, net, h.units, text);
    ledger.post(d.day, h.cashKey, net, text, "INVERSIONES");
  }

  function trimLargest(day: number): void {
    const value = (h: Holding) => valueCents(h.units, priceCents(h.instrument, day));
    const largest = stocks.reduce((best, h) => (value(h) > value(best) ? h : best));
    const shares = Math.floor(largest.units / SHARE_SCALE / 4);
    if (value(largest) > 4_000 * EUR && shares > 0) order(day, largest, "SELL", shares * SHARE_SCALE);
  }

  function snapshot(day: number): BrokerSnapshot {
    const positions: ExtractedPosition[] = holdings
      .filter((h) => h.units > 0)
      .map((h) => ({
        id: stableId("pos", entityId, username, h.portfolioId, h.investmentId),
        portfolioId: h.portfolioId,
        investmentId: h.investmentId,
        shares: formatShares(h.units),
        averagePrice: formatCents(Math.round((h.costCents * SHARE_SCALE) / h.units)),
        marketValue: formatCents(valueCents(h.units, priceCents(h.instrument, day))),
        currency: "EUR",
      }));
    const balance = (portfolioId: string) =>
      holdings
        .filter((h) => h.portfolioId === portfolioId)
        .reduce((sum, h) => sum + valueCents(h.units, priceCents(h.instrument, day)), 0);
    const portfolio = (id: string, type: ExtractedPortfolio["type"]): ExtractedPortfolio => ({
      id,
      type,
      owners: structuredClone(scope.owners),
      balance: formatCents(balance(id)),
      currency: "EUR",
    });
    return {
      portfolios: [portfolio(portfolios.stocks, "STOCK_PORTFOLIO"), portfolio(portfolios.funds, "MIX")],
      positions,
      investments: holdings.map((h) => ({
        id: h.investmentId,
        name: h.instrument.name,
        isin: isinOf(h.instrument),
        currency: "EUR",
        exchange: h.instrument.exchange,
        assetType: h.instrument.assetType,
      })),
    };
  }

  return {
    simulate(d) {
      if (isFirstBusinessDayFrom(d, 3)) {
        const h = stocks[monthIndex(d) % stocks.length];
        // A cash pile beyond the usual budget is invested a third at a time.
        const cash = ledger.balance("broker");
        const budget = Math.min(cash - 100 * EUR, Math.max(stockBudgetCents, Math.floor(cash / 3)));
        const units = h ? unitsFor(h, budget, priceCents(h.instrument, d.day)) : 0;
        if (h && units > 0) order(d.day, h, "BUY", units);
      }
      if (fund && isFirstBusinessDayFrom(d, 10) && ledger.balance("current") > fundMonthlyCents + 500 * EUR) {
        order(d.day, fund, "BUY", unitsFor(fund, fundMonthlyCents, priceCents(fund.instrument, d.day)));
      }
      if ((d.month === 3 || d.month === 9) && isFirstBusinessDayFrom(d, 18)) trimLargest(d.day);
      for (const h of holdings) payIncome(d, h);
    },
    snapshot,
  };
}
