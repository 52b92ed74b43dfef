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

/**
 * @example formatShares(120_000) // "12"
 * @example formatShares(351_234) // "35.1234"
 */
export function formatShares(units: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`not a share count: ${units}`);
  const whole = Math.floor(units / SHARE_SCALE);
  const fraction = units % SHARE_SCALE;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(4, "0")}`;
}

/** The value of `units` at `priceCents` a share, rounded to the cent. */
export function valueCents(units: number, priceCents: number): number {
  return Math.round((units * priceCents) / SHARE_SCALE);
}
