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

/** Digits of the weights `weights` returns: 0.123456 = 12.3456 %. */
export const WEIGHT_DECIMALS = 6;

/** "12.30" → 1230n: a money text (any number of decimals, rounded as `toMoney` does) as integer cents. */
function cents(value: string): bigint {
  return BigInt(toMoney(value).replace(".", ""));
}

/**
 * Each amount's share of their total, as decimals with `WEIGHT_DECIMALS` digits that sum to exactly 1:
 * integer arithmetic on cents, rounded down, then the units still missing go to the largest remainders
 * (ties to the earlier amount), so no share is off by more than one unit in the last digit. Negative
 * amounts count as zero (a position is worth nothing below zero); all zero → every weight 0.
 * @example weights(["10.00", "20.00", "10.00"]) // ["0.25", "0.5", "0.25"]
 */
export function weights(amounts: readonly string[]): string[] {
  const values = amounts.map((a) => {
    const c = cents(a);
    return c > 0n ? c : 0n;
  });
  const total = values.reduce((sum, v) => sum + v, 0n);
  if (total === 0n) return values.map(() => "0");
  const unit = 10n ** BigInt(WEIGHT_DECIMALS);
  const shares = values.map((v, index) => ({ index, share: (v * unit) / total, rest: (v * unit) % total }));
  let missing = unit - shares.reduce((sum, s) => sum + s.share, 0n);
  const byRest = [...shares].sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const s of byRest) {
    if (missing === 0n) break;
    if (s.rest === 0n) continue;
    s.share += 1n;
    missing -= 1n;
  }
  return shares.map((s) =>
    toPlainDecimal(`${s.share / unit}.${(s.share % unit).toString().padStart(WEIGHT_DECIMALS, "0")}`),
  );
}
