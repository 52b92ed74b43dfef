import { TransactionPage } from "@finlink/contracts";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/** Rows per page of a transaction list. */
export const TRANSACTIONS_PAGE_SIZE = 25;

/** Finlink's own date filter (both ends inclusive) and a page size other than the list's. */
export interface PageOptions {
  limit?: number;
  from?: string;
  to?: string;
}

/** `GET /api/connections/:id/accounts/:accountId/transactions?limit&cursor&from&to`: one page, newest first. */
export const getAccountTransactions = (
  id: string,
  accountId: string,
  cursor: string | null,
  signal?: AbortSignal,
  options: PageOptions = {},
) =>
  api(`${connectionApi(id)}/accounts/${encodeURIComponent(accountId)}/transactions`, {
    query: { limit: options.limit ?? TRANSACTIONS_PAGE_SIZE, cursor, from: options.from, to: options.to },
    schema: TransactionPage,
    signal,
  });

export const accountTransactionsQueryOptions = (id: string, accountId: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.accountTransactions(id, accountId),
    queryFn: ({ pageParam, signal }) => getAccountTransactions(id, accountId, pageParam, signal),
    initialPageParam: null as string | null,
    // null on the last page: react-query then reports no next page.
    getNextPageParam: (last) => last.nextCursor,
  });

export const useAccountTransactions = (id: string, accountId: string) =>
  useInfiniteQuery(accountTransactionsQueryOptions(id, accountId));
