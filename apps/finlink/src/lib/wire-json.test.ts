import { describe, expect, it } from "vitest";
import { JsonDecimal, stringifyWire } from "./wire-json";

describe("stringifyWire", () => {
  it("writes decimals with their own digits, where JSON.stringify would round or drop zeros", () => {
    const body = { balance: new JsonDecimal("12.30"), big: new JsonDecimal("1234567890123456.78") };
    expect(stringifyWire(body)).toBe('{"balance":12.30,"big":1234567890123456.78}');
    expect(JSON.stringify({ big: Number("1234567890123456.78") })).toBe('{"big":1234567890123456.8}');
  });

  it("is JSON.stringify for plain data: strings escaped, undefined members left out, nulls kept", () => {
    const value = {
      text: 'a "quoted" \u2028 line\n',
      n: 1.5,
      yes: true,
      none: null,
      gone: undefined,
      list: [1, "x", null, { deep: [new JsonDecimal("-0.5")] }],
    };
    const text = stringifyWire(value);
    const { gone: _gone, ...expected } = value;
    expect(JSON.parse(text)).toEqual({ ...expected, list: [1, "x", null, { deep: [-0.5] }] });
    expect(text).not.toContain("gone");
    expect(stringifyWire([undefined])).toBe("[null]");
  });

  it("makes the digits part of the JSON grammar only when they are a plain decimal", () => {
    for (const bad of ["1e3", "NaN", "012", "1.", ".5", "+1", "1,5", "", "1 ", '1,"x":2'])
      expect(() => new JsonDecimal(bad), bad).toThrow(/not a plain decimal/);
    for (const good of ["0", "-0.5", "10", "3.14159"]) expect(new JsonDecimal(good).digits).toBe(good);
  });

  it("turns into the nearest number under plain JSON.stringify (a log line)", () => {
    expect(JSON.stringify({ v: new JsonDecimal("12.30") })).toBe('{"v":12.3}');
  });
});
