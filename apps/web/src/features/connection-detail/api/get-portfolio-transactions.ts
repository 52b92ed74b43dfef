import { PortfolioTransactionPage } from "@finlink/contracts";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";
import { TRANSACTIONS_PAGE_SIZE } from "./get-account-transactions";

/** `GET /api/connections/:id/portfolios/:portfolioId/transactions?limit&cursor`: one page, newest first. */
export const getPortfolioTransactions = (
  id: string,
  portfolioId: string,
  cursor: string | null,
  signal?: AbortSignal,
) =>
  api(`${connectionApi(id)}/portfolios/${encodeURIComponent(portfolioId)}/transactions`, {
    query: { limit: TRANSACTIONS_PAGE_SIZE, cursor },
    schema: PortfolioTransactionPage,
    signal,
  });

export const portfolioTransactionsQueryOptions = (id: string, portfolioId: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.portfolioTransactions(id, portfolioId),
    queryFn: ({ pageParam, signal }) => getPortfolioTransactions(id, portfolioId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const usePortfolioTransactions = (id: string, portfolioId: string) =>
  useInfiniteQuery(portfolioTransactionsQueryOptions(id, portfolioId));
