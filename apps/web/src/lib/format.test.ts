import { describe, expect, it } from "vitest";
import { formatDate, formatIban, formatMoney, formatQuantity, formatWeight } from "./format";

// Intl puts a no-break space (U+00A0) or a narrow one (U+202F) where a space is printed.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatIban", () => {
  it("groups a Spanish IBAN in fours", () => {
    expect(formatIban("ES9121000418450200051332")).toBe("ES91 2100 0418 4502 0005 1332");
  });

  it("normalises spaces and case first, and leaves a short last group", () => {
    expect(formatIban(" es91 2100041845 0200051332 ")).toBe("ES91 2100 0418 4502 0005 1332");
    expect(formatIban("GB29NWBK60161331926819")).toBe("GB29 NWBK 6016 1331 9268 19");
  });

  it("adds no trailing space when the length is a multiple of four", () => {
    expect(formatIban("ABCDEFGH")).toBe("ABCD EFGH");
  });
});

describe("formatMoney", () => {
  it("writes euros the Spanish way", () => {
    expect(plain(formatMoney(12345.6, "EUR", "es"))).toBe("12.345,60 €");
    expect(plain(formatMoney(-42.1, "EUR", "es"))).toBe("-42,10 €");
  });

  it("writes euros the British way", () => {
    expect(formatMoney(12345.6, "EUR", "en")).toBe("€12,345.60");
    expect(formatMoney(-42.1, "EUR", "en")).toBe("-€42.10");
  });

  it("uses the row's currency, not always euros", () => {
    expect(formatMoney(10, "USD", "en")).toBe("US$10.00");
    expect(plain(formatMoney(10, "USD", "es"))).toBe("10,00 US$");
  });
});

describe("formatWeight", () => {
  it("turns the wire's fraction into a percentage in both languages", () => {
    expect(plain(formatWeight(0.4512, "es"))).toBe("45,12 %");
    expect(formatWeight(0.4512, "en")).toBe("45.12%");
  });

  it("keeps at most two decimals, and the ends of the range", () => {
    expect(formatWeight(0.123456, "en")).toBe("12.35%");
    expect(formatWeight(1, "en")).toBe("100%");
    expect(formatWeight(0, "en")).toBe("0%");
  });
});

describe("formatQuantity and formatDate", () => {
  it("keeps a fund's fractional units", () => {
    expect(formatQuantity(12.34567891, "en")).toBe("12.34567891");
    expect(formatQuantity(1500, "es")).toBe("1500");
  });

  it("does not move a date by the time zone", () => {
    expect(formatDate("2026-01-01", "en")).toBe("1 Jan 2026");
    expect(formatDate("2026-12-31", "es")).toBe("31 dic 2026");
  });
});
