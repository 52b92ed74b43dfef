import { describe, expect, it } from "vitest";
import {
  formatCents,
  formatMicros,
  formatRate,
  formatShares,
  roundDiv,
  toReferenceCents,
  toReferencePriceMicros,
  valueCents,
} from "./money";

describe("money", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [-1230, "-12.30"],
    [123456789, "1234567.89"],
    [-99, "-0.99"],
  ])("formats %i cents as %s", (cents, text) => expect(formatCents(cents)).toBe(text));

  it("refuses fractions of a cent instead of rounding them silently", () => {
    expect(() => formatCents(0.5)).toThrow(RangeError);
  });

  it("formats whole and fractional shares", () => {
    expect(formatShares(120_000)).toBe("12");
    expect(formatShares(351_234)).toBe("35.1234");
    expect(formatShares(5)).toBe("0.0005");
  });

  it("values shares at a price, to the cent", () => {
    expect(valueCents(351_234, 2_935)).toBe(103_087);
  });

  it("rounds halves away from zero and everything else to the nearest integer", () => {
    expect([roundDiv(5, 2), roundDiv(-5, 2), roundDiv(7, 3), roundDiv(8, 3), roundDiv(-8, 3)]).toEqual([
      3, -3, 2, 3, -3,
    ]);
    expect([roundDiv(14_999, 10_000), roundDiv(15_000, 10_000), roundDiv(-15_000, 10_000)]).toEqual([1, 2, -2]);
    expect(roundDiv(0, 7)).toBe(0);
  });

  it("refuses a division it cannot do exactly in integers", () => {
    expect(() => roundDiv(1.5, 2)).toThrow(RangeError);
    expect(() => roundDiv(1, 0)).toThrow(RangeError);
    expect(() => roundDiv(2 ** 53, 3)).toThrow(RangeError);
  });

  it("turns a local amount into EUR at a rate, to the nearest cent", () => {
    // 189.50 USD at EURUSD 1.0812 is 175.268… €; 100.00 GBP at EURGBP 0.8000 exactly 125 €.
    expect(toReferenceCents(18_950, 10_812)).toBe(17_527);
    expect(toReferenceCents(10_000, 8_000)).toBe(12_500);
    expect(toReferenceCents(-18_950, 10_812)).toBe(-17_527);
    // Half a cent: 0.01 at 2.0000 is 0.005 €, which rounds up; 0.01 at 2.0001 is just below it.
    expect(toReferenceCents(1, 20_000)).toBe(1);
    expect(toReferenceCents(1, 20_001)).toBe(0);
    expect(toReferenceCents(12_345, 10_000)).toBe(12_345);
  });

  it("formats exchange rates with four decimals, and refuses a rate of 0", () => {
    expect([formatRate(10_812), formatRate(8_590), formatRate(10_000), formatRate(10_001)]).toEqual([
      "1.0812",
      "0.8590",
      "1",
      "1.0001",
    ]);
    expect(() => formatRate(0)).toThrow(RangeError);
  });

  it("turns a local price into the reference currency to the millionth, halves up", () => {
    expect(toReferencePriceMicros(5_519, 8_412)).toBe(65_608_654);
    expect(toReferencePriceMicros(100, 10_000)).toBe(1_000_000);
    // 1 cent at 3.0000 is 3,333.33… millionths: rounds down; at 1.5000 it is 6,666.66…: rounds up.
    expect(toReferencePriceMicros(1, 30_000)).toBe(3_333);
    expect(toReferencePriceMicros(1, 15_000)).toBe(6_667);
  });

  it("formats millionths without insignificant zeros, and refuses what is not a price", () => {
    expect([formatMicros(65_608_654), formatMicros(1_500_000), formatMicros(7), formatMicros(0)]).toEqual([
      "65.608654",
      "1.5",
      "0.000007",
      "0",
    ]);
    expect(() => formatMicros(-1)).toThrow(RangeError);
    expect(() => formatMicros(1.5)).toThrow(RangeError);
  });
});
