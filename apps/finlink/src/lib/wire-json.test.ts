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

  it("escapes object keys exactly as JSON.stringify does", () => {
    const keys = [
      'a "quoted" key',
      "back\\slash",
      "tab\there",
      "nul\u0000",
      "\u001f",
      "line\u2028sep",
      "para\u2029",
      "lone \ud800",
    ];
    const value = Object.fromEntries(keys.map((key, i) => [key, i]));
    expect(stringifyWire(value)).toBe(JSON.stringify(value));
    // The text is what a parser reads back as the same keys (not merely some valid JSON).
    expect(Object.keys(JSON.parse(stringifyWire(value)))).toEqual(keys);
    expect(stringifyWire({ 'a"b': 1 })).toBe('{"a\\"b":1}');
  });

  it("writes a Date as JSON.stringify does: its ISO string, alone, in an object or in an array", () => {
    const at = new Date("2026-03-15T10:00:00.123Z");
    expect(stringifyWire(at)).toBe('"2026-03-15T10:00:00.123Z"');
    const value = { at, list: [at, { at }] };
    expect(stringifyWire(value)).toBe(JSON.stringify(value));
  });

  it("keeps the digits of decimals nested in arrays and objects, at any depth", () => {
    const value = {
      list: [new JsonDecimal("1.10"), [new JsonDecimal("-0.000100")], { deep: { deeper: [new JsonDecimal("100.0")] } }],
      row: { amount: new JsonDecimal("12345678901234567.89"), none: null },
    };
    expect(stringifyWire(value)).toBe(
      '{"list":[1.10,[-0.000100],{"deep":{"deeper":[100.0]}}],"row":{"amount":12345678901234567.89,"none":null}}',
    );
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
