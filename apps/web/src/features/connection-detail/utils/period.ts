/** The periods a chart can cover, in days; each ends today and includes today. */
export const PERIODS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIODS)[number];

/** An inclusive range of calendar dates, `YYYY-MM-DD`, as the transaction lists take it (`from`, `to`). */
export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** Today's calendar date in UTC: the wire's dates are calendar dates, read the same way everywhere. */
export const todayUtc = (now: Date = new Date()) => now.toISOString().slice(0, 10);

/**
 * The date `days` before `date` (negative: after).
 * @example addDays("2026-03-01", -1) // "2026-02-28"
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last `days` calendar days, today included: 30 days ending on 2026-12-04 start on 2026-11-05.
 * @example periodRange(30, "2026-12-04") // { from: "2026-11-05", to: "2026-12-04" }
 */
export function periodRange(days: number, today: string): DateRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** Whether `date` (a date or the date part of anything longer) lies in the range, both ends included. */
export const inRange = (date: string, range: Partial<DateRange>) => {
  const day = date.slice(0, 10);
  return (!range.from || day >= range.from) && (!range.to || day <= range.to);
};
