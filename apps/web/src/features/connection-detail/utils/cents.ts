/**
 * Money as integer cents, so sums never drift: the wire writes each amount's decimal digits (scale 2, as
 * Finlink stores them), `JSON.parse` reads them into the nearest double, and `String` of that double gives
 * the same digits back (without trailing zeros) for every amount of up to 15 significant digits — any
 * balance below a hundred billion. Those digits, not the double, become the cents.
 */
const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * @example toCents(12.3) // 1230
 * @example toCents(-0.07) // -7
 */
export function toCents(amount: number): number {
  const match = PLAIN.exec(String(amount));
  if (!match) throw new RangeError(`Not an amount of money: ${amount}`);
  const [, sign, whole = "0", fraction = ""] = match;
  // A third decimal (not money on this wire) rounds half away from zero, as PostgreSQL's numeric does.
  const roundUp = (fraction[2] ?? "0") >= "5" ? 1 : 0;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2)) + roundUp;
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Amount too large to sum exactly: ${amount}`);
  return sign === "-" && cents !== 0 ? -cents : cents;
}

/**
 * Cents as the wire writes the amount: two decimals, a minus for negatives, no grouping.
 * @example centsToDecimal(-1230) // "-12.30"
 */
export function centsToDecimal(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, "0");
  return `${cents < 0 ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Cents as the number `formatMoney` takes (exact: a whole number of cents divided once). */
export const centsToAmount = (cents: number) => cents / 100;

/** The sum of amounts, in cents. */
export const sumCents = <T>(rows: readonly T[], amount: (row: T) => number) =>
  rows.reduce((total, row) => total + toCents(amount(row)), 0);
