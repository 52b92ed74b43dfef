import { describe, expect, it } from "vitest";
import { toMoney, toPlainDecimal } from "./decimal";

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
