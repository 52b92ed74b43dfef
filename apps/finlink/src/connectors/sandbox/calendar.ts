export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC); the unit in which sandbox data is generated, so ids survive a moving `now`. */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface DayInfo {
  day: number;
  year: number;
  /** 1–12 */
  month: number;
  /** Day of the month, 1–31. */
  dom: number;
  daysInMonth: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  businessDay: boolean;
  lastBusinessDayOfMonth: boolean;
}

export function dayInfo(day: number): DayInfo {
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  const weekday = date.getUTCDay();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const businessDay = weekday !== 0 && weekday !== 6;
  const daysLeft = daysInMonth - dom;
  // A Friday is the last business day when only the weekend is left in the month.
  const lastBusinessDayOfMonth = businessDay && (daysLeft === 0 || (weekday === 5 && daysLeft <= 2));
  return { day, year, month, dom, daysInMonth, weekday, businessDay, lastBusinessDayOfMonth };
}

/**
 * Whether this is the first business day on or after day-of-month `dom`: monthly events planned for a
 * weekend happen on the Monday after, as bank orders do.
 */
export function isFirstBusinessDayFrom(info: DayInfo, dom: number): boolean {
  const late = info.dom - dom;
  return info.businessDay && late >= 0 && late < (info.weekday === 1 ? 3 : 1);
}

/** A month counter (year * 12 + month) for things that rotate month by month. */
export function monthIndex(info: DayInfo): number {
  return info.year * 12 + info.month;
}
