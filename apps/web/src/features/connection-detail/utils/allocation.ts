import type { ActivePosition, AssetType } from "@finlink/contracts";
import { toCents } from "./cents";

type Position = Pick<
  ActivePosition,
  "portfolio" | "investment" | "name" | "assetType" | "amount" | "currency" | "weight"
>;

export interface Slice<K extends string> {
  key: K;
  /** The positions' value under this key, in cents of the group's currency. */
  cents: number;
  /** Its part of the group's total, 0–1 (for drawing; the cents are the figures). */
  share: number;
}

export interface Allocation<K extends string> {
  /** The positions' reference currency: amounts in different currencies are never added together. */
  currency: string;
  totalCents: number;
  /** Largest first. */
  slices: Slice<K>[];
}

function allocate<K extends string>(positions: readonly Position[], keyOf: (p: Position) => K): Allocation<K>[] {
  const groups = new Map<string, Map<K, number>>();
  for (const position of positions) {
    const group = groups.get(position.currency) ?? new Map<K, number>();
    const key = keyOf(position);
    group.set(key, (group.get(key) ?? 0) + toCents(position.amount));
    groups.set(position.currency, group);
  }
  return [...groups].map(([currency, byKey]) => {
    const totalCents = [...byKey.values()].reduce((sum, cents) => sum + cents, 0);
    const slices = [...byKey].map(([key, cents]) => ({ key, cents, share: totalCents === 0 ? 0 : cents / totalCents }));
    slices.sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key));
    return { currency, totalCents, slices };
  });
}

/** Active positions' value by asset type (stock, fund…), per reference currency. */
export const allocationByAssetType = (positions: readonly Position[]): Allocation<AssetType>[] =>
  allocate(positions, (p) => p.assetType);

/** Active positions' value by the portfolio holding them, per reference currency. */
export const allocationByPortfolio = (positions: readonly Position[]): Allocation<string>[] =>
  allocate(positions, (p) => p.portfolio);

/**
 * One portfolio's split by asset type from the positions' `weight`s (its share of the portfolio's
 * investments, summing to 1 per portfolio), as the entity reports it.
 */
export function weightsByAssetType(positions: readonly Position[], portfolio: string): Map<AssetType, number> {
  const weights = new Map<AssetType, number>();
  for (const p of positions) {
    if (p.portfolio === portfolio) weights.set(p.assetType, (weights.get(p.assetType) ?? 0) + p.weight);
  }
  return weights;
}

export interface PositionValue {
  key: string;
  name: string;
  portfolio: string;
  cents: number;
  currency: string;
  weight: number;
}

/** Each position's value, largest first. */
export function positionValues(positions: readonly Position[]): PositionValue[] {
  return positions
    .map((p) => ({
      key: `${p.portfolio}/${p.investment}`,
      name: p.name,
      portfolio: p.portfolio,
      cents: toCents(p.amount),
      currency: p.currency,
      weight: p.weight,
    }))
    .sort((a, b) => b.cents - a.cents || a.name.localeCompare(b.name));
}
