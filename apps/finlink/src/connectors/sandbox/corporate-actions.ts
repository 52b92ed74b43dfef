import { type Holding, record, worth } from "./broker-holdings";
import { type DayInfo, dayNumber, isFirstBusinessDayFrom } from "./calendar";
import { isinCheckDigit } from "./checksums";
import type { Instrument, Scrip } from "./instruments";
import type { Ledger } from "./ledger";
import { SHARE_SCALE } from "./money";
import { stableId } from "./random";

/** A line the broker holds for one of its catalogue instruments. */
export interface Line extends Holding {
  instrument: Instrument;
}

/**
 * Events that change a line without the customer doing anything, on fixed business days (the real
 * Ferrovial SE started trading in Madrid on 16 June 2023; the delisted company is made up).
 */
const CORPORATE_ACTIONS = [
  { kind: "ISIN_CHANGE", from: "ferrovial-sa", to: "ferrovial-se", on: "2023-06-16" },
  { kind: "DELISTING", key: "eolica-iberica", on: "2021-04-14" },
] as const;

const ACTION_DAYS = CORPORATE_ACTIONS.map((action) => ({ ...action, day: dayNumber(new Date(action.on)) }));

/** The line `key` replaced in an ISIN change, if any: Vumi's `relatedSecurity` of the new line. */
export function replaces(key: string): string | undefined {
  const action = CORPORATE_ACTIONS.find((a) => a.kind === "ISIN_CHANGE" && a.to === key);
  return action?.kind === "ISIN_CHANGE" ? action.from : undefined;
}

/** Whether the line trades on `day`: nobody buys or sells a line before its ISIN exists or after it is gone. */
export function listedOn(key: string, day: number): boolean {
  return ACTION_DAYS.every((a) =>
    a.kind === "ISIN_CHANGE"
      ? !(a.from === key && day >= a.day) && !(a.to === key && day < a.day)
      : !(a.key === key && day >= a.day),
  );
}

interface PendingConversion {
  stock: Line;
  rights: Holding;
  /** Rights per new share. */
  ratio: number;
  rightsPriceCents: number;
}

/**
 * Applies the corporate actions of a day: ISIN changes and delistings on their dates, and scrip dividends
 * (`Scrip`): a RIGHTS line per issue, related to the stock, then its conversion into new shares.
 * Title-only movements carry the value of the titles moved that day as their amount (nothing is paid).
 */
export function createCorporateActions(
  scope: { entityId: string; username: string },
  ledger: Ledger,
  lines: readonly Line[],
  addHolding: (h: Holding) => void,
) {
  const byKey = new Map(lines.map((line) => [line.instrument.key, line]));
  /** Rights waiting to become shares, by stock. */
  const pending = new Map<Line, PendingConversion>();

  function line(key: string): Line {
    const found = byKey.get(key);
    if (!found) throw new Error(`no line ${key} in the catalogue`);
    return found;
  }

  function changeIsin(day: number, from: Line, to: Line): void {
    const units = from.units;
    if (units === 0) return;
    const { localCents } = worth(from, units, day);
    const description = `Cambio de ISIN ${from.instrument.name} a ${to.instrument.name}`;
    record(ledger, day, from, { type: "ISIN_CHANGE_SELL", cents: localCents, units, description });
    record(ledger, day, to, { type: "ISIN_CHANGE_BUY", cents: localCents, units, description });
    from.units = 0;
    to.units += units;
  }

  function delist(day: number, line: Line): void {
    if (line.units === 0) return;
    const description = `Exclusión de cotización ${line.instrument.name}`;
    record(ledger, day, line, { type: "DELISTING", cents: 0, units: line.units, description });
    line.units = 0;
  }

  function issueRights(d: DayInfo, stock: Line, scrip: Scrip): void {
    const rights = Math.floor(stock.units / SHARE_SCALE);
    if (rights === 0) return;
    const price = stock.priceCents(d.day);
    // The issuer fixes the ratio so that a right is worth about the dividend it replaces.
    const ratio = Math.max(2, Math.round(price / scrip.centsPerShare));
    const rightsPriceCents = Math.max(1, Math.floor(price / (ratio + 1)));
    const issue = (d.year - 2019) * 2 + (d.month > 6 ? 1 : 0);
    const body = `${scrip.rightsIsinPrefix}${ISSUE_CODES[((issue % 36) + 36) % 36]}`;
    const isin = `${body}${isinCheckDigit(body)}`;
    const label = `${String(d.month).padStart(2, "0")}/${d.year}`;
    const holding: Holding = {
      investment: {
        id: stableId("inv", scope.entityId, scope.username, isin),
        name: `${stock.instrument.name} Derechos ${label}`,
        isin,
        currency: stock.investment.currency,
        exchange: stock.investment.exchange,
        assetType: "RIGHTS",
        unknown: false,
        relatedSecurity: stock.investment.id,
        spanishTaxExempt: false,
        managementCompany: null,
      },
      portfolioId: stock.portfolioId,
      cashKey: stock.cashKey,
      units: rights * SHARE_SCALE,
      priceCents: () => rightsPriceCents,
    };
    addHolding(holding);
    record(ledger, d.day, holding, {
      type: "RIGHTS_ISSUE",
      cents: rights * rightsPriceCents,
      units: holding.units,
      description: `Derechos Retribución Flexible ${stock.instrument.short}`,
    });
    pending.set(stock, { stock, rights: holding, ratio, rightsPriceCents });
  }

  // New shares for as many whole lots of rights as there are; the rights left over are sold on the market.
  function convert(day: number, { stock, rights, ratio, rightsPriceCents }: PendingConversion): void {
    const count = rights.units / SHARE_SCALE;
    const newShares = Math.floor(count / ratio);
    const converted = newShares * ratio;
    const short = stock.instrument.short;
    if (newShares > 0) {
      const description = `Retribución Flexible ${short}: ${newShares} acciones nuevas`;
      const units = converted * SHARE_SCALE;
      record(ledger, day, rights, {
        type: "RIGHTS_CONVERSION",
        cents: converted * rightsPriceCents,
        units,
        description,
      });
      stock.units += newShares * SHARE_SCALE;
      const { localCents } = worth(stock, newShares * SHARE_SCALE, day);
      record(ledger, day, stock, {
        type: "SCRIP_DIVIDEND",
        cents: localCents,
        units: newShares * SHARE_SCALE,
        description,
      });
    }
    const left = count - converted;
    if (left > 0) {
      const description = `Venta ${left} derechos ${short}`;
      const cents = left * rightsPriceCents;
      record(ledger, day, rights, { type: "SELL", cents, units: left * SHARE_SCALE, description, valueShift: 2 });
      ledger.post(day, rights.cashKey, cents, description, "INVERSIONES", { valueShift: 2 });
    }
    rights.units = 0;
  }

  return {
    simulate(d: DayInfo): void {
      for (const action of ACTION_DAYS) {
        if (action.day !== d.day) continue;
        if (action.kind === "DELISTING") delist(d.day, line(action.key));
        else changeIsin(d.day, line(action.from), line(action.to));
      }
      for (const stock of lines) {
        const scrip = stock.instrument.income;
        if (scrip?.type !== "SCRIP" || !scrip.months.includes(d.month)) continue;
        if (isFirstBusinessDayFrom(d, scrip.dom)) issueRights(d, stock, scrip);
        const conversion = pending.get(stock);
        if (conversion && isFirstBusinessDayFrom(d, scrip.dom + CONVERSION_AFTER_DAYS)) {
          pending.delete(stock);
          convert(d.day, conversion);
        }
      }
    },
  };
}

/** Rights become shares this many days after they are issued. */
const CONVERSION_AFTER_DAYS = 16;
const ISSUE_CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
