/**
 * Exact money. Finlink writes amounts as JSON numbers with the stored decimal's digits (`12.30`,
 * `123456789012345.67`); `JSON.parse` turns them into binary floats, dropping the trailing zero and rounding
 * past ~16 digits. With `decimals: "string"` the client reads the same answer a second time with every number
 * literal quoted, and hands back those digits as strings, for a decimal library or integer minor units.
 */

/** How numbers in data answers are read: JS numbers (default), or their exact digits as strings. */
export type DecimalMode = "number" | "string";

/** `T` with every number as its JSON digits: what `decimals: "string"` answers. */
export type ExactNumbers<T> = T extends number
  ? string
  : T extends readonly (infer U)[]
    ? ExactNumbers<U>[]
    : T extends object
      ? { [K in keyof T]: ExactNumbers<T[K]> }
      : T;

/** `T` as read in mode `D`. */
export type Read<T, D extends DecimalMode> = D extends "string" ? ExactNumbers<T> : T;

/**
 * The JSON text with each number literal outside strings wrapped in quotes.
 * @example quoteNumbers('{"a":12.30,"b":"7"}') // '{"a":"12.30","b":"7"}'
 */
export function quoteNumbers(json: string): string {
  let out = "";
  let i = 0;
  while (i < json.length) {
    const ch = json[i] as string;
    if (ch === '"') {
      const end = stringEnd(json, i);
      out += json.slice(i, end);
      i = end;
    } else if (ch === "-" || (ch >= "0" && ch <= "9")) {
      let end = i + 1;
      while (end < json.length && /[0-9.eE+-]/.test(json[end] as string)) end++;
      out += `"${json.slice(i, end)}"`;
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The index just after the string literal that opens at `start`. */
function stringEnd(json: string, start: number): number {
  let i = start + 1;
  while (i < json.length && json[i] !== '"') i += json[i] === "\\" ? 2 : 1;
  return i + 1;
}

/**
 * `parsed` (already checked against its contract) with each number replaced by its digits in `quoted`, the
 * same answer read through `quoteNumbers`. Walked by key and index, so the contract's own shape decides.
 */
export function overlayDigits(parsed: unknown, quoted: unknown): unknown {
  if (typeof parsed === "number") return typeof quoted === "string" ? quoted : String(parsed);
  if (Array.isArray(parsed)) {
    const list = Array.isArray(quoted) ? quoted : [];
    return parsed.map((item, index) => overlayDigits(item, list[index]));
  }
  if (parsed !== null && typeof parsed === "object") {
    const source = quoted !== null && typeof quoted === "object" ? (quoted as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, overlayDigits(value, source[key])]));
  }
  return parsed;
}
