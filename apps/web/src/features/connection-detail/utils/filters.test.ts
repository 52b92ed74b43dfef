import type { Transaction } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { categoriesOf, filtersProblem, filterTransactions, hasFilters, NO_CATEGORY, NO_FILTERS } from "./filters";

const tx = (id: string, date: string, amount: number, description: string, category: string | null): Transaction => ({
  id,
  accountId: "acc-1",
  date,
  valueDate: date,
  amount,
  currency: "EUR",
  description,
  type: amount < 0 ? "DEBIT" : "CREDIT",
  category,
});

const rows = [
  tx("a", "2026-11-30", -25.5, "Compra Lidl Sevilla", "SUPERMERCADO"),
  tx("b", "2026-11-28", 2100, "Nómina noviembre", "NOMINA"),
  tx("c", "2026-11-01", -9.99, "Suscripción Netflix", null),
  tx("d", "2026-10-31", 0, "Ajuste", null),
];
const ids = (f: Partial<typeof NO_FILTERS>) => filterTransactions(rows, { ...NO_FILTERS, ...f }).map((r) => r.id);

describe("transaction filters", () => {
  it("with none, keeps every row in order", () => {
    expect(ids({})).toEqual(["a", "b", "c", "d"]);
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it("text: every word, any case, accents ignored, in the description or the category", () => {
    expect(ids({ text: "lidl compra" })).toEqual(["a"]);
    expect(ids({ text: "NOMINA" })).toEqual(["b"]);
    expect(ids({ text: "suscripcion" })).toEqual(["c"]);
    expect(ids({ text: "supermercado" })).toEqual(["a"]);
    expect(ids({ text: "lidl netflix" })).toEqual([]);
    expect(ids({ text: "   " })).toEqual(["a", "b", "c", "d"]);
  });

  it("dates: both ends inclusive", () => {
    expect(ids({ from: "2026-11-01" })).toEqual(["a", "b", "c"]);
    expect(ids({ from: "2026-11-02" })).toEqual(["a", "b"]);
    expect(ids({ to: "2026-11-28" })).toEqual(["b", "c", "d"]);
    expect(ids({ to: "2026-11-27" })).toEqual(["c", "d"]);
    expect(ids({ from: "2026-11-28", to: "2026-11-28" })).toEqual(["b"]);
  });

  it("sign: in is positive, out negative; a zero amount is neither", () => {
    expect(ids({ sign: "in" })).toEqual(["b"]);
    expect(ids({ sign: "out" })).toEqual(["a", "c"]);
  });

  it("category: one of them, or the uncategorised", () => {
    expect(ids({ category: "NOMINA" })).toEqual(["b"]);
    expect(ids({ category: NO_CATEGORY })).toEqual(["c", "d"]);
    expect(categoriesOf(rows)).toEqual(["NOMINA", "SUPERMERCADO"]);
  });

  it("combines them", () => {
    expect(ids({ sign: "out", category: NO_CATEGORY, from: "2026-11-01" })).toEqual(["c"]);
  });

  it("a range that ends before it starts is a problem, said, not an empty list", () => {
    expect(filtersProblem({ ...NO_FILTERS, from: "2026-11-02", to: "2026-11-01" })).toBe("rangeReversed");
    expect(filtersProblem({ ...NO_FILTERS, from: "2026-11-01", to: "2026-11-01" })).toBeNull();
    expect(hasFilters({ ...NO_FILTERS, sign: "in" })).toBe(true);
  });
});
