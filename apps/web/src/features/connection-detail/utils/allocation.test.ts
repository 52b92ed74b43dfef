import { describe, expect, it } from "vitest";
import { allocationByAssetType, allocationByPortfolio, positionValues, weightsByAssetType } from "./allocation";

const position = (over: Partial<Parameters<typeof positionValues>[0][number]>) => ({
  portfolio: "pf-1",
  investment: "inv-1",
  name: "Iberdrola",
  assetType: "STOCK" as const,
  amount: 100,
  currency: "EUR",
  weight: 0.5,
  ...over,
});

const positions = [
  position({ investment: "a", amount: 1500.1, weight: 0.5 }),
  position({ investment: "b", name: "Fondo", assetType: "FUND", amount: 1000.05, weight: 0.33333 }),
  position({ investment: "c", name: "Bono", assetType: "BOND", amount: 500.05, weight: 0.16667 }),
  position({ portfolio: "pf-2", investment: "d", name: "ETF", assetType: "ETF", amount: 0.1, weight: 1 }),
];

describe("allocation of active positions", () => {
  it("by asset type: slices in cents that add up to the positions' total", () => {
    const [eur] = allocationByAssetType(positions);
    expect(eur?.currency).toBe("EUR");
    expect(eur?.totalCents).toBe(300030);
    expect(eur?.slices.map((s) => [s.key, s.cents])).toEqual([
      ["STOCK", 150010],
      ["FUND", 100005],
      ["BOND", 50005],
      ["ETF", 10],
    ]);
    expect(eur?.slices.reduce((s, slice) => s + slice.cents, 0)).toBe(eur?.totalCents);
    expect(eur?.slices.reduce((s, slice) => s + slice.share, 0)).toBeCloseTo(1, 10);
  });

  it("by portfolio", () => {
    const [eur] = allocationByPortfolio(positions);
    expect(eur?.slices.map((s) => [s.key, s.cents])).toEqual([
      ["pf-1", 300020],
      ["pf-2", 10],
    ]);
  });

  it("never adds amounts in different currencies", () => {
    const groups = allocationByAssetType([...positions, position({ portfolio: "pf-3", currency: "USD", amount: 7 })]);
    expect(groups.map((g) => [g.currency, g.totalCents])).toEqual([
      ["EUR", 300030],
      ["USD", 700],
    ]);
  });

  it("a portfolio's weights by asset type, summing to 1", () => {
    const weights = weightsByAssetType(positions, "pf-1");
    expect([...weights.values()].reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    expect(weights.get("FUND")).toBe(0.33333);
    expect(weightsByAssetType(positions, "pf-2")).toEqual(new Map([["ETF", 1]]));
  });

  it("each position's value, largest first", () => {
    expect(positionValues(positions).map((p) => [p.key, p.cents])).toEqual([
      ["pf-1/a", 150010],
      ["pf-1/b", 100005],
      ["pf-1/c", 50005],
      ["pf-2/d", 10],
    ]);
  });

  it("is empty for no positions", () => {
    expect(allocationByAssetType([])).toEqual([]);
  });
});
