import { describe, expect, it } from "vitest";
import { monthlyFlows, spendingByCategory } from "./flows";
import { periodRange } from "./period";

const tx = (date: string, amount: number, category: string | null = "SUPERMERCADO") => ({ date, amount, category });
const TODAY = "2026-12-04";

describe("spending by category", () => {
  const movements = [
    tx("2026-12-04", -10.1),
    tx("2026-12-01", -0.2, "OCIO"),
    tx("2026-11-20", -5.05),
    tx("2026-11-20", 2000, "NOMINA"), // income: not spending
    tx("2026-11-19", 0, "AJUSTE"), // zero: neither (no category of its own)
    tx("2026-11-05", -1.11, null), // the 30-day period's first day: in
    tx("2026-11-04", -99, "OCIO"), // the day before it: out
  ];

  it("sums only the period's money out, by category, the categories adding up to the total", () => {
    const spending = spendingByCategory(movements, periodRange(30, TODAY));
    expect(spending.categories).toEqual([
      { category: "SUPERMERCADO", cents: 1515 },
      { category: null, cents: 111 },
      { category: "OCIO", cents: 20 },
    ]);
    expect(spending.totalCents).toBe(1646);
    expect(spending.categories.reduce((s, c) => s + c.cents, 0)).toBe(spending.totalCents);
  });

  it("takes a movement exactly on the boundary day into the period, the day before it into the longer one", () => {
    const thirty = spendingByCategory(movements, periodRange(30, TODAY));
    const ninety = spendingByCategory(movements, periodRange(90, TODAY));
    expect(thirty.categories.find((c) => c.category === null)?.cents).toBe(111);
    expect(thirty.categories.find((c) => c.category === "OCIO")?.cents).toBe(20);
    expect(ninety.categories.find((c) => c.category === "OCIO")?.cents).toBe(9920);
    expect(ninety.totalCents).toBe(1646 + 9900);
  });

  it("is empty with a zero total when nothing went out", () => {
    expect(spendingByCategory([tx(TODAY, 5)], periodRange(30, TODAY))).toEqual({ totalCents: 0, categories: [] });
  });
});

describe("income and spending per month", () => {
  it("counts positive amounts as income, negative ones as spending (positive), zero as neither", () => {
    const flows = monthlyFlows(
      [tx("2026-12-02", 100.1), tx("2026-12-01", -0.1), tx("2026-11-30", -3), tx("2026-11-10", 0), tx("2026-10-01", 7)],
      periodRange(90, TODAY),
    );
    expect(flows).toEqual([
      { month: "2026-10", incomeCents: 700, spendingCents: 0 },
      { month: "2026-11", incomeCents: 0, spendingCents: 300 },
      { month: "2026-12", incomeCents: 10010, spendingCents: 10 },
    ]);
  });

  it("leaves out what falls outside the period", () => {
    expect(monthlyFlows([tx("2026-11-04", 5), tx("2026-11-05", -5)], periodRange(30, TODAY))).toEqual([
      { month: "2026-11", incomeCents: 0, spendingCents: 500 },
    ]);
  });
});
