/**
 * Money is handled as integer cents and only formatted at the edge, because binary floats cannot hold
 * most decimal amounts exactly.
 * @example formatCents(-1230) // "-12.30"
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Shares are integer units of 1/10,000 share: funds are bought in fractions, stocks in whole shares. */
export const SHARE_SCALE = 10_000;

/** Exchange rates are integer ten-thousandths too: EURUSD 1.0812 is 10,812. */
export const RATE_SCALE = 10_000;

function formatTenThousandths(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not ${what}: ${value}`);
  const whole = Math.floor(value / 10_000);
  const fraction = value % 10_000;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(4, "0")}`;
}

/**
 * @example formatShares(120_000) // "12"
 * @example formatShares(351_234) // "35.1234"
 */
export function formatShares(units: number): string {
  return formatTenThousandths(units, "a share count");
}

/** @example formatRate(10_812) // "1.0812" */
export function formatRate(rate: number): string {
  if (rate === 0) throw new RangeError("an exchange rate cannot be 0");
  return formatTenThousandths(rate, "an exchange rate");
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from zero, in integer arithmetic
 * (both must be safe integers, the denominator positive).
 * @example roundDiv(5, 2) // 3
 * @example roundDiv(-5, 2) // -3
 */
export function roundDiv(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`cannot divide ${numerator} by ${denominator} in integers`);
  }
  const magnitude = Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

/** The value of `units` at `priceCents` a share, rounded to the cent. */
export function valueCents(units: number, priceCents: number): number {
  return roundDiv(units * priceCents, SHARE_SCALE);
}

/**
 * An amount in a local currency turned into the reference currency (EUR) at `rate` (reference → local, in
 * ten-thousandths: EURUSD), rounded to the cent.
 * @example toReferenceCents(18_950, 10_812) // 17_527 (189.50 USD at 1.0812 is 175.27 €)
 */
export function toReferenceCents(localCents: number, rate: number): number {
  return roundDiv(localCents * RATE_SCALE, rate);
}

/** Reference prices are kept to the millionth: a price rounded to the cent would not give back the amount. */
const MICROS_PER_CENT = 10_000;

/**
 * A local price turned into the reference currency at `rate`, in millionths of the unit, so that titles ×
 * price gives the amount back to the cent even for hundreds of titles.
 * @example toReferencePriceMicros(5_519, 8_412) // 65_608_654 (55.19 GBP at 0.8412 is 65.608654 €)
 */
export function toReferencePriceMicros(localPriceCents: number, rate: number): number {
  return roundDiv(localPriceCents * MICROS_PER_CENT * RATE_SCALE, rate);
}

/** @example formatMicros(65_608_654) // "65.608654" @example formatMicros(1_500_000) // "1.5" */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros) || micros < 0) throw new RangeError(`not a price in millionths: ${micros}`);
  const fraction = String(micros % 1_000_000)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return fraction ? `${Math.floor(micros / 1_000_000)}.${fraction}` : String(Math.floor(micros / 1_000_000));
}
