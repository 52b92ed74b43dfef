import { type BrokerSnapshot, type Holding, record, snapshotOf, worth } from "./broker-holdings";
import { type DayInfo, isFirstBusinessDayFrom, monthIndex } from "./calendar";
import { INSTRUMENTS } from "./catalogue";
import { createCorporateActions, type Line, listedOn, replaces } from "./corporate-actions";
import { exchangeRate } from "./currencies";
import { type Instrument, isinOf, priceCents } from "./instruments";
import type { Ledger } from "./ledger";
import { formatShares, RATE_SCALE, roundDiv, SHARE_SCALE, toReferenceCents } from "./money";
import type { PortfolioSpec } from "./profile";
import { type Rng, stableId } from "./random";

const EUR = 100;
/** Spain withholds 19 % of dividends and coupons (the first bracket of the savings tax). */
const WITHHOLDING_PERCENT = 19;
/** Broker commission on stock and ETF orders: 0.12 % of the EUR amount, at least 3.95 €. */
const COMMISSION_PER_10K = 12;
const MIN_COMMISSION_CENTS = 395;

export interface Broker {
  simulate(info: DayInfo): void;
  /** Portfolios, positions and investments valued at `day`'s prices. */
  snapshot(day: number): BrokerSnapshot;
}

const TRANSFER_TEXT: Partial<Record<Instrument["assetType"], string>> = {
  FUND: "Traspaso de participaciones desde otra gestora",
  PP: "Movilización de derechos consolidados desde otro plan",
};

/** What the entity calls an order, by what is ordered. */
const STOCK_VERBS = { BUY: "Compra", SELL: "Venta" };
const VERBS: Partial<Record<Instrument["assetType"], { BUY: string; SELL: string }>> = {
  FUND: { BUY: "Suscripción", SELL: "Reembolso" },
  PP: { BUY: "Aportación", SELL: "Rescate" },
};

const isFundLike = (line: Line) => line.instrument.assetType === "FUND" || line.instrument.assetType === "PP";

/**
 * A customer who brought a portfolio from another broker on `openDay` (stocks, a fund, a pension plan and a
 * line the entity never identified), then buys a stock or ETF every month (some in USD and GBP), subscribes
 * to a fund and contributes to the plan monthly, trims the largest position twice a year, collects dividends
 * and coupons, and goes through the catalogue's corporate actions.
 */
export function createBroker(
  scope: { entityId: string; username: string; portfolios: readonly PortfolioSpec[]; openDay: number },
  ledger: Ledger,
  rng: Rng,
): Broker {
  const { entityId, username } = scope;
  const portfolioIds = new Map(scope.portfolios.map((p) => [p.key, p.id]));
  const investmentId = (instrument: Instrument) =>
    stableId("inv", entityId, username, isinOf(instrument) ?? instrument.key);
  const lines: Line[] = INSTRUMENTS.map((instrument) => {
    const replaced = replaces(instrument.key);
    const oldLine = replaced === undefined ? undefined : INSTRUMENTS.find((i) => i.key === replaced);
    return {
      instrument,
      investment: {
        id: investmentId(instrument),
        name: instrument.name,
        isin: isinOf(instrument),
        currency: instrument.currency,
        exchange: instrument.exchange,
        assetType: instrument.assetType,
        unknown: instrument.unknown ?? false,
        relatedSecurity: oldLine ? investmentId(oldLine) : null,
        // Funds and plans move to another fund or plan without capital-gains tax (a traspaso); shares do not.
        spanishTaxExempt: instrument.assetType === "FUND" || instrument.assetType === "PP",
        managementCompany: instrument.managementCompany && { ...instrument.managementCompany },
      },
      portfolioId: portfolioIds.get(instrument.portfolio) ?? "",
      cashKey: instrument.portfolio === "stocks" ? "broker" : "current",
      units: 0,
      priceCents: (day) => priceCents(instrument, day),
    };
  });
  const holdings: Holding[] = [...lines];
  const actions = createCorporateActions(scope, ledger, lines, (h) => holdings.push(h));
  const rotation = lines.filter((line) => line.instrument.rotation);
  const fund = lines.find((line) => line.instrument.assetType === "FUND");
  const plan = lines.find((line) => line.instrument.assetType === "PP");
  const stockBudgetCents = rng.int(4, 10) * 100 * EUR;
  const fundMonthlyCents = rng.int(1, 4) * 50 * EUR;
  const planMonthlyCents = rng.int(1, 3) * 50 * EUR;

  /** Titles a EUR budget buys on `day`: stocks and ETFs in whole shares, funds and plans in fractions. */
  function unitsFor(line: Line, budgetCents: number, day: number): number {
    const localBudget = Math.floor((budgetCents * exchangeRate(line.instrument.currency, day)) / RATE_SCALE);
    const units = Math.floor((localBudget * SHARE_SCALE) / line.priceCents(day));
    return isFundLike(line) ? units : units - (units % SHARE_SCALE);
  }

  for (const line of lines) {
    if (!line.instrument.transferredIn || !listedOn(line.instrument.key, scope.openDay)) continue;
    const bond = line.instrument.assetType === "BOND";
    line.units = bond ? 5 * SHARE_SCALE : unitsFor(line, rng.int(2_000, 4_500) * EUR, scope.openDay);
    record(ledger, scope.openDay, line, {
      type: "TRANSFER_IN",
      cents: worth(line, line.units, scope.openDay).localCents,
      units: line.units,
      description: TRANSFER_TEXT[line.instrument.assetType] ?? "Traspaso de valores desde otra entidad",
    });
  }

  function order(day: number, line: Line, type: "BUY" | "SELL", units: number): void {
    const { localCents, cents } = worth(line, units, day);
    const { assetType, short } = line.instrument;
    const buy = type === "BUY";
    const verb = (VERBS[assetType] ?? STOCK_VERBS)[type];
    const text = isFundLike(line) ? `${verb} ${short}` : `${verb} ${formatShares(units)} ${short}`;
    const sign = buy ? -1 : 1;
    line.units += buy ? units : -units;
    record(ledger, day, line, { type, cents: sign * localCents, units, description: text, valueShift: 2 });
    ledger.post(day, line.cashKey, sign * cents, text, "INVERSIONES", { valueShift: 2 });
    if (isFundLike(line)) return;
    const fee = Math.max(MIN_COMMISSION_CENTS, roundDiv(cents * COMMISSION_PER_10K, 10_000));
    const feeText = `Comisión ${verb.toLowerCase()} ${short}`;
    // A fee states the position it was charged on, as Vumi's `=` types do.
    record(ledger, day, line, { type: "FEE", cents: -fee, currency: "EUR", units: line.units, description: feeText });
    ledger.post(day, line.cashKey, -fee, "Comisión compraventa valores", "COMISIONES");
  }

  // Credited gross; each withholding is a movement of its own, as Spanish brokers show them.
  function payIncome(d: DayInfo, line: Line): void {
    const income = line.instrument.income;
    if (!income || income.type === "SCRIP" || line.units === 0) return;
    if (!income.months.includes(d.month) || !isFirstBusinessDayFrom(d, income.dom)) return;
    const localCents = roundDiv(line.units * income.centsPerShare, SHARE_SCALE);
    const gross = toReferenceCents(localCents, exchangeRate(line.instrument.currency, d.day));
    const kind = income.type === "COUPON" ? "cupón" : "dividendo";
    const { short } = line.instrument;
    const text = `${income.type === "COUPON" ? "Cupón" : "Dividendo"} ${short}`;
    record(ledger, d.day, line, { type: income.type, cents: localCents, units: line.units, description: text });
    ledger.post(d.day, line.cashKey, gross, text, "INVERSIONES", { type: income.type });
    const withheld = (percent: number, what: string) =>
      ledger.post(d.day, line.cashKey, -roundDiv(gross * percent, 100), what, "IMPUESTOS", {
        type: "DIVIDEND_RETENTION",
      });
    if (income.sourceWithholdingPercent > 0)
      withheld(income.sourceWithholdingPercent, `Retención en origen ${kind} ${short}`);
    withheld(WITHHOLDING_PERCENT, `Retención IRPF ${kind} ${short}`);
  }

  function trimLargest(day: number): void {
    const held = rotation.filter((line) => line.units > 0 && listedOn(line.instrument.key, day));
    const value = (line: Line) => worth(line, line.units, day).cents;
    const largest = held.reduce<Line | undefined>(
      (best, line) => (best && value(best) >= value(line) ? best : line),
      undefined,
    );
    const shares = largest ? Math.floor(largest.units / SHARE_SCALE / 4) : 0;
    if (largest && value(largest) > 4_000 * EUR && shares > 0) order(day, largest, "SELL", shares * SHARE_SCALE);
  }

  return {
    simulate(d) {
      actions.simulate(d);
      if (isFirstBusinessDayFrom(d, 3)) {
        const listed = rotation.filter((line) => listedOn(line.instrument.key, d.day));
        const line = listed[monthIndex(d) % listed.length];
        // A cash pile beyond the usual budget is invested a third at a time.
        const cash = ledger.balance("broker");
        const budget = Math.min(cash - 100 * EUR, Math.max(stockBudgetCents, Math.floor(cash / 3)));
        const units = line && budget > 0 ? unitsFor(line, budget, d.day) : 0;
        if (line && units > 0) order(d.day, line, "BUY", units);
      }
      if (fund && isFirstBusinessDayFrom(d, 10) && ledger.balance("current") > fundMonthlyCents + 500 * EUR) {
        order(d.day, fund, "BUY", unitsFor(fund, fundMonthlyCents, d.day));
      }
      if (plan && isFirstBusinessDayFrom(d, 12) && ledger.balance("current") > planMonthlyCents + 500 * EUR) {
        order(d.day, plan, "BUY", unitsFor(plan, planMonthlyCents, d.day));
      }
      if ((d.month === 3 || d.month === 9) && isFirstBusinessDayFrom(d, 18)) trimLargest(d.day);
      for (const line of lines) payIncome(d, line);
    },
    snapshot: (day) =>
      snapshotOf(holdings, scope.portfolios, day, (h) =>
        stableId("pos", entityId, username, h.portfolioId, h.investment.id),
      ),
  };
}
