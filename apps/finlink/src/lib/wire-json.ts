/**
 * JSON with exact decimal numbers. Vumi's API sends amounts as JSON numbers; ours come from numeric
 * columns as text, and going through a JS number would round anything past 15–17 significant digits and
 * drop a stored `12.30`'s last zero. A `JsonDecimal` is written into the JSON text with its digits as they
 * are, so what the database holds is what the client reads.
 */

/** A JSON number's grammar, restricted to plain decimals: no exponent, no leading zeros. */
const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export class JsonDecimal {
  constructor(readonly digits: string) {
    if (!PLAIN_DECIMAL.test(digits)) throw new TypeError(`not a plain decimal: ${JSON.stringify(digits)}`);
  }

  /** Where a JsonDecimal meets plain `JSON.stringify` (a log line), it becomes the nearest number. */
  toJSON(): number {
    return Number(this.digits);
  }
}

/** A contract type with its numbers as `JsonDecimal`s: what the data views build. */
export type Wire<T> = {
  [K in keyof T]: T[K] extends number ? JsonDecimal : T[K] extends number | null ? JsonDecimal | null : T[K];
};

/**
 * `JSON.stringify` for response bodies of plain data (objects, arrays, strings, numbers, booleans, null),
 * writing each `JsonDecimal` as a bare number with its own digits. Undefined object members are left out,
 * as `JSON.stringify` does.
 * @example stringifyWire({ balance: new JsonDecimal("12.30") }) // '{"balance":12.30}'
 */
export function stringifyWire(value: unknown): string {
  if (value instanceof JsonDecimal) return value.digits;
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : stringifyWire(item))).join(",")}]`;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${stringifyWire(member)}`);
    }
    return `{${members.join(",")}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cannot be JSON: ${typeof value}`);
  return text;
}

/** The JSON a `Wire` value reads as: each `JsonDecimal` a number, arrays and objects deeply. */
export type Unwire<T> = T extends JsonDecimal
  ? number
  : T extends readonly (infer U)[]
    ? Unwire<U>[]
    : T extends object
      ? { [K in keyof T]: Unwire<T[K]> }
      : T;
