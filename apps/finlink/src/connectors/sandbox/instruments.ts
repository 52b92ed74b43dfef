import type { AssetType, ManagementCompany } from "@finlink/contracts";
import { isinCheckDigit } from "./checksums";
import type { SandboxCurrency } from "./currencies";

export type PortfolioKey = "stocks" | "funds" | "pension";

/** Cash paid per title (cents of the local currency) in the given months, on the first business day from `dom` (≤ 26, so it stays in the month). */
export interface Income {
  type: "DIVIDENDS" | "COUPON";
  months: readonly number[];
  dom: number;
  centsPerShare: number;
  /** Withheld by the issuer's country before the money arrives (US: 15 % under the treaty with Spain). */
  sourceWithholdingPercent: number;
}

/**
 * A scrip dividend ("Retribución Flexible"): on the first business day from `dom` every share receives a
 * right worth about `centsPerShare`; 16 days later the rights become new shares, and the rights left over
 * are sold.
 */
export interface Scrip {
  type: "SCRIP";
  months: readonly number[];
  dom: number;
  centsPerShare: number;
  /** Each issue of rights has its own ISIN: these 10 characters, one for the issue, and the check digit. */
  rightsIsinPrefix: string;
}

export interface Instrument {
  /** Names the line in ids when it has no ISIN, and in corporate actions. */
  key: string;
  /** The name the entity shows. */
  name: string;
  /** Short name for movement descriptions ("Compra 40 Iberdrola"). */
  short: string;
  /** The first 11 characters of the ISIN (the check digit is computed, never typed in); null when the entity gives none. */
  isinBody: string | null;
  exchange: string | null;
  assetType: AssetType;
  currency: SandboxCurrency;
  portfolio: PortfolioKey;
  /** Price in cents of its currency at the start of 2019, its yearly trend and how much it wiggles. */
  basePriceCents: number;
  yearlyGrowth: number;
  /** Shifts the instrument's wiggles so prices do not all move together. */
  phase: number;
  income: Income | Scrip | null;
  managementCompany: ManagementCompany | null;
  /** The entity could not identify it (no ISIN, no market): Vumi's `unknown`. */
  unknown?: boolean;
  /** Brought from another entity on the day the customer opened the account. */
  transferredIn: boolean;
  /** Bought in the monthly rotation of stocks and ETFs (while it is listed, see `listedOn`). */
  rotation: boolean;
}

export function isinOf(instrument: Pick<Instrument, "isinBody">): string | null {
  const body = instrument.isinBody;
  return body === null ? null : `${body}${isinCheckDigit(body)}`;
}

const PRICE_EPOCH_DAY = Date.UTC(2019, 0, 1) / 86_400_000;
const TAU = 2 * Math.PI;
/** Bonds and pension plans move less than shares. */
const AMPLITUDE: Partial<Record<AssetType, number>> = { BOND: 0.3, PP: 0.4 };

/**
 * The closing price on a day, in cents of the instrument's currency: a smooth function of the date alone
 * (trend plus a yearly, a monthly and a weekly wiggle) so that a day's price never depends on the days
 * generated before it. The float maths happens once here and is rounded to whole cents; money arithmetic
 * stays in integers.
 */
export function priceCents(instrument: Instrument, day: number): number {
  const years = (day - PRICE_EPOCH_DAY) / 365.25;
  const amplitude = AMPLITUDE[instrument.assetType] ?? 1;
  const wave =
    1 +
    amplitude *
      (0.07 * Math.sin((TAU * day) / 365.25 + instrument.phase) +
        0.025 * Math.sin((TAU * day) / 41 + 3 * instrument.phase) +
        0.01 * Math.sin((TAU * day) / 7.3 + 7 * instrument.phase));
  return Math.max(1, Math.round(instrument.basePriceCents * (1 + instrument.yearlyGrowth) ** years * wave));
}
