const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

function parts(value: string): { sign: string; whole: string; fraction: string } {
  const match = DECIMAL.exec(value);
  if (!match) throw new Error(`Not a plain decimal: ${JSON.stringify(value)}`);
  return { sign: match[1] ?? "", whole: match[2] ?? "0", fraction: match[3] ?? "" };
}

/**
 * A numeric column's text as money with exactly two decimals: "12.3" → "12.30", "-5" → "-5.00".
 * Extra decimals round half away from zero, as PostgreSQL's own numeric rounding does; the digits are
 * handled as text and BigInt so no binary float ever touches an amount.
 *
 * @example toMoney("-0.005") // "-0.01"
 */
export function toMoney(value: string): string {
  const { sign, whole, fraction } = parts(value);
  const roundUp = (fraction[2] ?? "0") >= "5" ? 1n : 0n;
  const cents = (BigInt(whole + fraction.padEnd(2, "0").slice(0, 2)) + roundUp).toString().padStart(3, "0");
  // "-0.00" is not an amount anyone writes.
  return `${/^0+$/.test(cents) ? "" : sign}${cents.slice(0, -2)}.${cents.slice(-2)}`;
}

/**
 * A numeric column's text as a plain decimal without insignificant zeros: "10.500000" → "10.5",
 * "3.000" → "3". For share counts, whose scale varies by instrument.
 */
export function toPlainDecimal(value: string): string {
  const { sign, whole, fraction } = parts(value);
  const trimmedWhole = whole.replace(/^0+(?=\d)/, "");
  const trimmedFraction = fraction.replace(/0+$/, "");
  const digits = trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
  return `${digits === "0" ? "" : sign}${digits}`;
}
