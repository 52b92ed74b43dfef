import type { Transaction } from "@finlink/contracts";
import { inRange } from "./period";

export type Sign = "all" | "in" | "out";

/** The "no category" choice of the category filter (a real category is never empty). */
export const NO_CATEGORY = "";

export interface TransactionFilters {
  /** Words the description or category must contain, any case, accents ignored. */
  text: string;
  /** `YYYY-MM-DD` or "" for no bound; both inclusive. */
  from: string;
  to: string;
  /** undefined: any category; NO_CATEGORY: uncategorised only; else that category. */
  category: string | undefined;
  sign: Sign;
}

export const NO_FILTERS: TransactionFilters = { text: "", from: "", to: "", category: undefined, sign: "all" };

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** Why the filters cannot apply, or null: a date range must not end before it starts. */
export const filtersProblem = (f: TransactionFilters): "rangeReversed" | null =>
  f.from && f.to && f.from > f.to ? "rangeReversed" : null;

/**
 * The transactions the filters keep, in their order. Each word of `text` must appear (a search for
 * "compra lidl" finds "Compra Lidl Sevilla"); "in" keeps positive amounts, "out" negative ones.
 */
export function filterTransactions(rows: readonly Transaction[], f: TransactionFilters): Transaction[] {
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (!inRange(row.date, { from: f.from, to: f.to })) return false;
    if (f.sign === "in" && !(row.amount > 0)) return false;
    if (f.sign === "out" && !(row.amount < 0)) return false;
    if (f.category !== undefined && (row.category ?? NO_CATEGORY) !== f.category) return false;
    const haystack = fold(`${row.description} ${row.category ?? ""}`);
    return words.every((word) => haystack.includes(word));
  });
}

/** The categories present, sorted, for the category filter's options. */
export const categoriesOf = (rows: readonly Transaction[]) =>
  [...new Set(rows.map((row) => row.category).filter((c): c is string => Boolean(c)))].sort();

export const hasFilters = (f: TransactionFilters) =>
  Boolean(f.text.trim() || f.from || f.to || f.category !== undefined || f.sign !== "all");
