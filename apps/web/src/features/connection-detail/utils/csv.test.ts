import type { Transaction } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { csvFileName, csvText, transactionsCsv } from "./csv";

const tx = (over: Partial<Transaction> = {}): Transaction => ({
  id: "t1",
  accountId: "acc-1",
  date: "2026-11-24",
  valueDate: "2026-11-25",
  amount: -12.3,
  currency: "EUR",
  description: "Compra Mercadona",
  type: "DEBIT",
  category: "SUPERMERCADO",
  ...over,
});

describe("CSV cells", () => {
  it("quotes every text cell, doubling its quotes", () => {
    expect(csvText("plain")).toBe('"plain"');
    expect(csvText('Pago "Amazon", S.L.')).toBe('"Pago ""Amazon"", S.L."');
    expect(csvText("line\nbreak")).toBe('"line\nbreak"');
    expect(csvText("cr\rhere")).toBe('"cr\rhere"');
    expect(csvText("a,b")).toBe('"a,b"');
    expect(csvText("")).toBe("");
  });

  it("keeps a cell a spreadsheet would run as a formula as text", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(csvText(`${start}SUM(A1)`).replace(/^"/, "")).toMatch(/^'/);
    }
    expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvText("Compra = 5")).toBe('"Compra = 5"');
    expect(csvText("a-b")).toBe('"a-b"');
  });

  it("keeps a formula after a semicolon or a tab inside the cell, where European spreadsheets split", () => {
    expect(csvText("Bizum;=cmd|' /C calc'!A0;")).toBe("\"Bizum;=cmd|' /C calc'!A0;\"");
    expect(csvText("x\t=1+1")).toBe('"x\t=1+1"');
  });
});

describe("a transactions export", () => {
  it("has a header and one CRLF line per row, amounts as the wire writes them", () => {
    const csv = transactionsCsv([tx(), tx({ id: "t2", amount: 2000, category: null, description: "Nómina, nov" })]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "date,valueDate,description,category,type,amount,currency",
      '2026-11-24,2026-11-25,"Compra Mercadona","SUPERMERCADO",DEBIT,-12.30,EUR',
      '2026-11-24,2026-11-25,"Nómina, nov",,DEBIT,2000.00,EUR',
      "",
    ]);
  });

  it("a hostile description is quoted and defused, and still one row", () => {
    const csv = transactionsCsv([tx({ description: '=cmd|"/c calc"!A1\r\nnext,row', category: "@x" })]);
    const body = csv.slice(1).split("\r\n").slice(1).join("\r\n");
    expect(body).toBe(`2026-11-24,2026-11-25,"'=cmd|""/c calc""!A1\r\nnext,row","'@x",DEBIT,-12.30,EUR\r\n`);
  });

  it("is only the header for no rows", () => {
    expect(transactionsCsv([])).toBe("\uFEFFdate,valueDate,description,category,type,amount,currency\r\n");
  });

  it("names the file after the account and the dates", () => {
    expect(csvFileName("Cuenta Nómina", "2026-11-01", "")).toBe("cuenta-nomina-transactions-from-2026-11-01.csv");
    expect(csvFileName("***", "", "")).toBe("account-transactions.csv");
  });
});
