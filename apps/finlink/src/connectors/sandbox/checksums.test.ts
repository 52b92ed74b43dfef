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

/** The letter form of control digits 0–9, as the AEAT publishes it. */
const CONTROL_LETTERS = "JABCDEFGHI";

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

  // Bodies are province code + serial as real CIFs have them; each control worked out by hand with the
  // rule above (odd places doubled and their digits summed, even places added, 10 − sum mod 10).
  describe.each([
    // Companies (A, B), comunidades de bienes (E) and de propietarios (H): the control is a digit.
    ["A", "A58012345", "A5801234E"],
    ["B", "B86567898", "B8656789H"],
    ["E", "E46123451", "E4612345A"],
    ["E", "E85123461", "E8512346A"],
    ["H", "H28112233", "H2811223C"],
    ["H", "H07123458", "H0712345H"],
  ])("an organisation letter %s, which takes a DIGIT control", (_letter, valid, asLetter) => {
    it(`accepts ${valid}, and spanishCif writes it so`, () => {
      expect(isValidCif(valid)).toBe(true);
      expect(spanishCif(valid.slice(0, 8))).toBe(valid);
    });
    it(`refuses ${asLetter} (the right control written as its letter) and a wrong digit`, () => {
      expect(isValidCif(asLetter)).toBe(false);
      const wrong = `${valid.slice(0, 8)}${(Number(valid[8]) + 1) % 10}`;
      expect(isValidCif(wrong), wrong).toBe(false);
    });
  });

  describe.each([
    // Non-resident entities' permanent establishments (W), public bodies (P, Q, S), foreign entities (N),
    // religious congregations (R): the control is a letter of JABCDEFGHI.
    ["W", "W8260871B", "W82608712"],
    ["W", "W0061239J", "W00612390"],
    ["N", "N0032484H", "N00324848"],
    ["P", "P2807900B", "P28079002"],
    ["Q", "Q2826000H", "Q28260008"],
    ["S", "S2833002E", "S28330025"],
    ["R", "R0800012G", "R08000127"],
  ])("an organisation letter %s, which takes a LETTER control", (_letter, valid, asDigit) => {
    it(`accepts ${valid}, and spanishCif writes it so`, () => {
      expect(isValidCif(valid)).toBe(true);
      expect(spanishCif(valid.slice(0, 8))).toBe(valid);
    });
    it(`refuses ${asDigit} (the right control written as a digit) and a wrong letter`, () => {
      expect(isValidCif(asDigit)).toBe(false);
      const wrong = `${valid.slice(0, 8)}${CONTROL_LETTERS[(CONTROL_LETTERS.indexOf(valid[8] ?? "") + 1) % 10]}`;
      expect(isValidCif(wrong), wrong).toBe(false);
    });
  });

  it.each([
    // The other organisation letters take either form of the same control, and nothing else.
    ["C2804567", "2", "B"],
    ["D2800123", "8", "H"],
    ["F2800123", "8", "H"],
    ["J8012345", "8", "H"],
    ["U2812345", "3", "C"],
    ["V4612345", "1", "A"],
  ])("takes %s with control %s or %s, and refuses a wrong one", (body, digit, letter) => {
    expect(isValidCif(`${body}${digit}`)).toBe(true);
    expect(isValidCif(`${body}${letter}`)).toBe(true);
    expect(isValidCif(`${body}${(Number(digit) + 1) % 10}`)).toBe(false);
    expect(isValidCif(`${body}${CONTROL_LETTERS[(Number(digit) + 1) % 10]}`)).toBe(false);
    expect(spanishCif(body)).toBe(`${body}${digit}`);
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
