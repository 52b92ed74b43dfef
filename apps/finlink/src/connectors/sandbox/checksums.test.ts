import { describe, expect, it } from "vitest";
import {
  ibanCheckDigits,
  isinCheckDigit,
  isValidIban,
  isValidIsin,
  spanishCheckDigits,
  spanishIban,
} from "./checksums";

describe("IBAN", () => {
  it("computes the check digits of a known Spanish IBAN", () => {
    expect(ibanCheckDigits("ES", "21000418450200051332")).toBe("91");
    expect(ibanCheckDigits("GB", "NWBK60161331926819")).toBe("29");
  });

  it("computes the Spanish national check digits and builds the whole IBAN", () => {
    expect(spanishCheckDigits("2100", "0418", "0200051332")).toBe("45");
    expect(spanishIban("2100", "0418", "0200051332")).toBe("ES9121000418450200051332");
  });

  it.each([
    "ES9121000418450200051332",
    "ES91 2100 0418 4502 0005 1332",
    "GB29NWBK60161331926819",
    "DE89370400440532013000",
  ])("accepts %s", (iban) => expect(isValidIban(iban)).toBe(true));

  it.each([
    ["a changed digit", "ES9121000418450200051333"],
    ["swapped check digits", "ES1921000418450200051332"],
    ["a Spanish IBAN of the wrong length", "ES912100041845020005133"],
    ["letters where digits go", "ESXX21000418450200051332"],
    ["an empty string", ""],
  ])("rejects %s", (_, iban) => expect(isValidIban(iban)).toBe(false));
});

describe("ISIN", () => {
  it.each([
    ["US0378331005", "Apple"],
    ["ES0144580Y14", "Iberdrola"],
    ["ES0148396007", "Inditex"],
    ["ES0113900J37", "Banco Santander"],
    ["IE00B4L5Y983", "iShares Core MSCI World"],
    ["IE00B03HCZ61", "Vanguard Global Stock Index"],
    ["DE000BAY0017", "Bayer"],
  ])("computes the check digit of %s (%s)", (isin) => {
    expect(isinCheckDigit(isin.slice(0, 11))).toBe(Number(isin[11]));
    expect(isValidIsin(isin)).toBe(true);
  });

  it.each(["US0378331006", "ES0144580Y15", "es0144580Y14", "ES0144580Y1", "ES0144580Y1X"])("rejects %s", (isin) =>
    expect(isValidIsin(isin)).toBe(false),
  );
});
