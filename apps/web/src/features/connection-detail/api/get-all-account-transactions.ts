import type { Transaction } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../../lib/query-keys";
import { getAccountTransactions } from "./get-account-transactions";

/** Rows per request when reading a whole list: the API's largest page. */
export const ALL_PAGE_SIZE = 1000;
/** At most this many rows are read for charts, search and export (five pages); `truncated` says when more exist. */
export const MAX_ROWS = 5000;

export interface AllTransactions {
  /** Newest first, as the API lists them. */
  rows: Transaction[];
  /** More rows exist in the range than MAX_ROWS: the oldest were not read. */
  truncated: boolean;
}

/**
 * Every page of an account's transactions in a date range ("" for an open end), bounded by MAX_ROWS. The
 * range is Finlink's own filter (`from`/`to`, inclusive), so only the dates asked for cross the wire; text,
 * category and sign are filtered in the browser, over these rows.
 */
export async function getAllAccountTransactions(
  id: string,
  accountId: string,
  range: { from: string; to: string },
  signal?: AbortSignal,
  limits = { pageSize: ALL_PAGE_SIZE, maxRows: MAX_ROWS },
): Promise<AllTransactions> {
  const rows: Transaction[] = [];
  const seen = new Set<string>();
  const maxPages = Math.ceil(limits.maxRows / limits.pageSize);
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await getAccountTransactions(id, accountId, cursor, signal, {
      limit: Math.min(limits.pageSize, limits.maxRows - rows.length),
      from: range.from || undefined,
      to: range.to || undefined,
    });
    const before = rows.length;
    for (const row of page.data) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
    cursor = page.nextCursor;
    // A page with nothing new that still points on (a cursor going round) is not followed further.
    if (!cursor || rows.length === before || rows.length >= limits.maxRows) break;
  }
  return { rows, truncated: cursor !== null };
}

export const allAccountTransactionsQueryOptions = (id: string, accountId: string, from: string, to: string) =>
  queryOptions({
    // Below the list's own key (and the connection's): a refresh or a delete reaches it too. Built here, not
    // in lib/query-keys, so the first page's bundle does not carry it.
    queryKey: [...queryKeys.accountTransactions(id, accountId), "all", from, to] as const,
    queryFn: ({ signal }) => getAllAccountTransactions(id, accountId, { from, to }, signal),
  });

export const useAllAccountTransactions = (
  id: string,
  accountId: string,
  range: { from: string; to: string },
  enabled = true,
) => useQuery({ ...allAccountTransactionsQueryOptions(id, accountId, range.from, range.to), enabled });
