import { describe, expect, it } from "vitest";
import { toMoney, toPlainDecimal, weights } from "./decimal";

describe("toMoney", () => {
  it.each([
    ["12.3", "12.30"],
    ["-5", "-5.00"],
    ["0", "0.00"],
    ["1234567890123456.78", "1234567890123456.78"],
    ["0.005", "0.01"],
    ["-0.005", "-0.01"],
    ["-0.004", "0.00"],
    ["2.675", "2.68"],
    ["9999.999", "10000.00"],
  ])("renders %s as %s", (value, expected) => {
    expect(toMoney(value)).toBe(expected);
  });

  it("refuses text that is not a plain decimal", () => {
    expect(() => toMoney("1e3")).toThrow(/Not a plain decimal/);
    expect(() => toMoney("NaN")).toThrow(/Not a plain decimal/);
  });
});

describe("toPlainDecimal", () => {
  it.each([
    ["10.500000", "10.5"],
    ["3.000", "3"],
    ["0.0001", "0.0001"],
    ["007", "7"],
    ["-0.000", "0"],
    ["169.8956", "169.8956"],
  ])("renders %s as %s", (value, expected) => {
    expect(toPlainDecimal(value)).toBe(expected);
  });
});

describe("weights", () => {
  /** "0.333334" → 333334n: weights in millionths, summed as integers. */
  const micro = (w: string) => {
    const [whole = "0", fraction = ""] = w.split(".");
    return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
  };
  const sum = (ws: string[]) => ws.reduce((total, w) => total + micro(w), 0n);

  it("gives each amount its exact share when the shares are exact", () => {
    expect(weights(["10.00", "20.00", "10.00"])).toEqual(["0.25", "0.5", "0.25"]);
    expect(weights(["5.00"])).toEqual(["1"]);
  });

  it("sums to exactly 1 when the shares do not divide evenly, off by at most one unit each", () => {
    const ws = weights(["1.00", "1.00", "1.00"]);
    expect(ws).toEqual(["0.333334", "0.333333", "0.333333"]);
    expect(sum(ws)).toBe(1_000_000n);
    const many = weights(["0.01", "0.02", "0.04", "1234.57", "99999.99", "3.33", "7.77"]);
    expect(sum(many)).toBe(1_000_000n);
  });

  it("gives the missing units to the largest remainders, not to the first amounts", () => {
    // 1/6 = 0.1666666…, 5/6 = 0.8333333…: the 5/6 remainder (…33) loses to the 1/6 one (…66).
    expect(weights(["5.00", "1.00"])).toEqual(["0.833333", "0.166667"]);
  });

  it("does its arithmetic on cents, not floats: amounts past 2^53 cents still sum to 1", () => {
    const ws = weights(["90071992547409.93", "0.01", "0.02"]);
    expect(sum(ws)).toBe(1_000_000n);
    expect(ws[1]).toBe("0");
  });

  it("counts negative amounts as zero and answers 0 when there is nothing", () => {
    expect(weights(["-5.00", "5.00"])).toEqual(["0", "1"]);
    expect(weights(["0.00", "0.00"])).toEqual(["0", "0"]);
    expect(weights([])).toEqual([]);
  });
});
