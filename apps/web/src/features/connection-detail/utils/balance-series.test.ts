import { describe, expect, it } from "vitest";
import { balanceSeries } from "./balance-series";

describe("the running balance", () => {
  it("ends at the reported balance, walking back through the movements day by day", () => {
    const series = balanceSeries(1000.1, [
      { date: "2026-11-03", amount: -0.3 },
      { date: "2026-11-03", amount: 50 },
      { date: "2026-11-01", amount: -20.2 },
      { date: "2026-11-02", amount: 0.1 },
    ]);
    expect(series.points).toEqual([
      { date: "2026-11-01", cents: 95030 },
      { date: "2026-11-02", cents: 95040 },
      { date: "2026-11-03", cents: 100010 },
    ]);
    expect(series.points.at(-1)?.cents).toBe(100010);
    expect(series.openingCents).toBe(97050);
  });

  it("is exact over many small movements (no drift at the start of the series)", () => {
    const movements = Array.from({ length: 1000 }, (_, i) => ({
      date: `2026-01-${String((i % 28) + 1).padStart(2, "0")}`,
      amount: -0.1,
    }));
    const series = balanceSeries(0.3, movements);
    expect(series.points.at(-1)?.cents).toBe(30);
    expect(series.openingCents).toBe(30 + 1000 * 10);
  });

  it("has no points without movements: nothing to draw, the balance is said elsewhere", () => {
    expect(balanceSeries(12.5, [])).toEqual({ points: [], openingCents: 1250 });
  });
});
