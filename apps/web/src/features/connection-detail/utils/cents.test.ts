import { describe, expect, it } from "vitest";
import { centsToDecimal, sumCents, toCents } from "./cents";

describe("money in integer cents", () => {
  it("reads the wire's digits, not the double's binary value", () => {
    expect(toCents(12.3)).toBe(1230);
    expect(toCents(-0.07)).toBe(-7);
    expect(toCents(0)).toBe(0);
    expect(toCents(1.005)).toBe(101); // 1.005 is 1.00499999… as a double; its digits say 1.005
    expect(toCents(99999999999.99)).toBe(9999999999999);
  });

  it("sums without float drift: ten 0.10 are exactly 1.00, where floats give 0.9999999999999999", () => {
    const rows = Array.from({ length: 10 }, () => ({ amount: 0.1 }));
    expect(rows.reduce((s, r) => s + r.amount, 0)).not.toBe(1);
    expect(sumCents(rows, (r) => r.amount)).toBe(100);
    expect(toCents(0.1) + toCents(0.2)).toBe(toCents(0.3));
  });

  it("refuses what is no amount rather than summing garbage", () => {
    expect(() => toCents(Number.NaN)).toThrow(RangeError);
    expect(() => toCents(1e21)).toThrow(RangeError);
    expect(() => toCents(2 ** 53)).toThrow(RangeError);
  });

  it("writes cents as the wire does: two decimals, a minus, no grouping", () => {
    expect(centsToDecimal(-1230)).toBe("-12.30");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(-5)).toBe("-0.05");
    expect(centsToDecimal(0)).toBe("0.00");
    expect(centsToDecimal(123456789)).toBe("1234567.89");
  });
});
