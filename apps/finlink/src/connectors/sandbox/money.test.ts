import { describe, expect, it } from "vitest";
import { formatCents, formatShares, valueCents } from "./money";

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
});
