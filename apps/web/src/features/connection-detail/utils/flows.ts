import type { Transaction } from "@finlink/contracts";
import { toCents } from "./cents";
import { type DateRange, inRange } from "./period";

type Movement = Pick<Transaction, "date" | "amount" | "category">;

export interface CategoryTotal {
  /** The entity's category; null for movements it left uncategorised. */
  category: string | null;
  /** What went out under it, in cents (positive). */
  cents: number;
}

export interface Spending {
  /** All that went out in the period, in cents (positive): the categories' sum. */
  totalCents: number;
  /** Largest first; ties by name so the order is stable. */
  categories: CategoryTotal[];
}

/** Money out is a negative amount, money in a positive one; a zero amount is neither. */
export const isSpending = (amount: number) => amount < 0;
export const isIncome = (amount: number) => amount > 0;

/** The period's spending (negative amounts, as positive cents) by category. */
export function spendingByCategory(movements: readonly Movement[], range: DateRange): Spending {
  const byCategory = new Map<string | null, number>();
  for (const movement of movements) {
    if (!isSpending(movement.amount) || !inRange(movement.date, range)) continue;
    byCategory.set(movement.category, (byCategory.get(movement.category) ?? 0) - toCents(movement.amount));
  }
  const categories = [...byCategory].map(([category, cents]) => ({ category, cents }));
  categories.sort((a, b) => b.cents - a.cents || String(a.category).localeCompare(String(b.category)));
  return { totalCents: categories.reduce((sum, c) => sum + c.cents, 0), categories };
}

export interface MonthFlow {
  /** `YYYY-MM`. */
  month: string;
  incomeCents: number;
  /** Positive. */
  spendingCents: number;
}

/** Income and spending per calendar month of the period, oldest first; a month with no movements is left out. */
export function monthlyFlows(movements: readonly Movement[], range: DateRange): MonthFlow[] {
  const byMonth = new Map<string, MonthFlow>();
  for (const movement of movements) {
    if (!inRange(movement.date, range) || movement.amount === 0) continue;
    const month = movement.date.slice(0, 7);
    const flow = byMonth.get(month) ?? { month, incomeCents: 0, spendingCents: 0 };
    const cents = toCents(movement.amount);
    if (cents > 0) flow.incomeCents += cents;
    else flow.spendingCents -= cents;
    byMonth.set(month, flow);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}
