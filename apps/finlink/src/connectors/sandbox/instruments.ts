import type { Investment } from "@finlink/contracts";
import { isinCheckDigit } from "./checksums";

export interface Instrument {
  name: string;
  /** Short name for movement descriptions ("Compra 40 Iberdrola"). */
  short: string;
  /** The first 11 characters of the ISIN; the check digit is computed, never typed in. */
  isinBody: string;
  exchange: string | null;
  assetType: Investment["assetType"];
  portfolio: "stocks" | "funds";
  /** Price in cents at the start of 2019 and its yearly trend. */
  basePriceCents: number;
  yearlyGrowth: number;
  /** Shifts the instrument's wiggles so prices do not all move together. */
  phase: number;
  /** Cash paid per share (cents) in the given months, on the first business day from `dom` (≤ 26, so it stays in the month). */
  income: { type: "DIVIDENDS" | "COUPON"; months: readonly number[]; dom: number; centsPerShare: number } | null;
}

// Real instruments and their ISINs, so integrators see names and codes they recognise; prices and payouts
// are made up.
export const INSTRUMENTS: readonly Instrument[] = [
  {
    name: "Iberdrola SA",
    short: "Iberdrola",
    isinBody: "ES0144580Y1",
    exchange: "XMAD",
    assetType: "STOCK",
    portfolio: "stocks",
    basePriceCents: 850,
    yearlyGrowth: 0.08,
    phase: 0.3,
    income: { type: "DIVIDENDS", months: [1, 7], dom: 26, centsPerShare: 22 },
  },
  {
    name: "Industria de Diseño Textil SA (Inditex)",
    short: "Inditex",
    isinBody: "ES014839600",
    exchange: "XMAD",
    assetType: "STOCK",
    portfolio: "stocks",
    basePriceCents: 2_450,
    yearlyGrowth: 0.11,
    phase: 1.9,
    income: { type: "DIVIDENDS", months: [5, 11], dom: 2, centsPerShare: 70 },
  },
  {
    name: "Banco Santander SA",
    short: "Santander",
    isinBody: "ES0113900J3",
    exchange: "XMAD",
    assetType: "STOCK",
    portfolio: "stocks",
    basePriceCents: 400,
    yearlyGrowth: 0.05,
    phase: 3.1,
    income: { type: "DIVIDENDS", months: [5, 11], dom: 2, centsPerShare: 10 },
  },
  {
    name: "Telefónica SA",
    short: "Telefónica",
    isinBody: "ES0178430E1",
    exchange: "XMAD",
    assetType: "STOCK",
    portfolio: "stocks",
    basePriceCents: 730,
    yearlyGrowth: -0.06,
    phase: 4.4,
    income: { type: "DIVIDENDS", months: [6, 12], dom: 15, centsPerShare: 15 },
  },
  {
    name: "iShares Core MSCI World UCITS ETF (Acc)",
    short: "iShares Core MSCI World",
    isinBody: "IE00B4L5Y98",
    exchange: "XETR",
    assetType: "ETF",
    portfolio: "stocks",
    basePriceCents: 4_400,
    yearlyGrowth: 0.1,
    phase: 5.2,
    income: null,
  },
  {
    name: "Vanguard Global Stock Index Fund EUR Acc",
    short: "Vanguard Global Stock Index",
    isinBody: "IE00B03HCZ6",
    exchange: null,
    assetType: "FUND",
    portfolio: "funds",
    basePriceCents: 2_350,
    yearlyGrowth: 0.1,
    phase: 2.5,
    income: null,
  },
  {
    name: "Obligaciones del Estado 3,55% 2033",
    short: "Obligaciones del Estado 3,55% 2033",
    isinBody: "ES0000012L7",
    exchange: null,
    assetType: "BOND",
    portfolio: "funds",
    // A bond's "share" is one title of 1,000 € nominal, quoted near par.
    basePriceCents: 100_000,
    yearlyGrowth: 0,
    phase: 0.9,
    income: { type: "COUPON", months: [10], dom: 26, centsPerShare: 3_550 },
  },
];

export function isinOf(instrument: Instrument): string {
  return `${instrument.isinBody}${isinCheckDigit(instrument.isinBody)}`;
}

const PRICE_EPOCH_DAY = Date.UTC(2019, 0, 1) / 86_400_000;
const TAU = 2 * Math.PI;

/**
 * The closing price on a day, a smooth function of the date alone (trend plus a yearly, a monthly and a
 * weekly wiggle) so that a day's price never depends on the days generated before it. The float maths
 * happens once here and is rounded to whole cents; money arithmetic stays in integers.
 */
export function priceCents(instrument: Instrument, day: number): number {
  const years = (day - PRICE_EPOCH_DAY) / 365.25;
  const amplitude = instrument.assetType === "BOND" ? 0.3 : 1;
  const wave =
    1 +
    amplitude *
      (0.07 * Math.sin((TAU * day) / 365.25 + instrument.phase) +
        0.025 * Math.sin((TAU * day) / 41 + 3 * instrument.phase) +
        0.01 * Math.sin((TAU * day) / 7.3 + 7 * instrument.phase));
  return Math.max(1, Math.round(instrument.basePriceCents * (1 + instrument.yearlyGrowth) ** years * wave));
}
