import { toCents } from "./cents";

export interface Dated {
  date: string;
  amount: number;
}

export interface BalancePoint {
  /** A day with movements. */
  date: string;
  /** The balance at the end of that day, in cents. */
  cents: number;
}

export interface BalanceSeries {
  /** End-of-day balances, oldest first; the last is the reported balance. */
  points: BalancePoint[];
  /** The balance before the oldest movement given (the series' starting level). */
  openingCents: number;
}

/**
 * An account's balance over time from its movements: the reported balance is the balance after the newest
 * movement, and walking back, each day's balance is the next day's minus that next day's movements. So the
 * series ends exactly at the reported balance however many movements there are (and only the window's
 * movements are needed, not the account's whole history).
 * @example balanceSeries(100, [{ date: "2026-01-02", amount: -5 }, { date: "2026-01-01", amount: 20 }])
 * // { points: [{ date: "2026-01-01", cents: 10500 }, { date: "2026-01-02", cents: 10000 }], openingCents: 8500 }
 */
export function balanceSeries(balance: number, movements: readonly Dated[]): BalanceSeries {
  const netByDay = new Map<string, number>();
  for (const movement of movements) {
    const day = movement.date.slice(0, 10);
    netByDay.set(day, (netByDay.get(day) ?? 0) + toCents(movement.amount));
  }
  const newestFirst = [...netByDay.keys()].sort().reverse();
  let running = toCents(balance);
  const points: BalancePoint[] = [];
  for (const day of newestFirst) {
    points.push({ date: day, cents: running });
    running -= netByDay.get(day) ?? 0;
  }
  return { points: points.reverse(), openingCents: running };
}
