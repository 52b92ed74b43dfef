import { describe, expect, it } from "vitest";
import {
  cifControlDigit,
  ibanCheckDigits,
  isinCheckDigit,
  isValidCif,
  isValidIban,
  isValidIsin,
  spanishCheckDigits,
  spanishCif,
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

describe("CIF", () => {
  it.each([
    ["A28015865", "Telefónica SA"],
    ["A48010615", "Iberdrola SA"],
    ["A39000013", "Banco Santander SA"],
    ["Q2826000H", "Agencia Estatal de Administración Tributaria"],
  ])("accepts %s (%s)", (cif) => {
    expect(isValidCif(cif)).toBe(true);
    expect(spanishCif(cif.slice(0, 8))).toBe(cif);
  });

  it("computes the control digit, 0 when the sum is already a multiple of ten", () => {
    expect(cifControlDigit("A2801586")).toBe(5);
    // 1·2 → 2, 9 → 9, 0·2 → 0, 0 → 0, 0·2 → 0, 0 → 0, 9·2 = 18 → 9: the sum is 20.
    expect(cifControlDigit("B1900009")).toBe(0);
    expect(isValidCif("B19000090")).toBe(true);
  });

  it("takes a digit or its letter for the organisation letters that allow both", () => {
    // G (associations and foundations): control 4 may be written 4 or D.
    expect(cifControlDigit("G1234567")).toBe(4);
    expect(isValidCif("G12345674")).toBe(true);
    expect(isValidCif("G1234567D")).toBe(true);
    expect(isValidCif("G1234567E")).toBe(false);
  });

  it.each([
    ["a changed control digit", "A28015866"],
    ["a changed body digit", "A28015765"],
    ["a letter where a company needs a digit", "A2801586E"],
    ["a digit where a public body needs a letter", "Q28260008"],
    ["an organisation letter that is not one", "I28015865"],
    ["lower case", "a28015865"],
    ["a missing character", "A2801586"],
    ["an empty string", ""],
  ])("rejects %s", (_, cif) => expect(isValidCif(cif)).toBe(false));
});
