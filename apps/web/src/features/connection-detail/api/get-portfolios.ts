import { Portfolio } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

const Portfolios = z.array(Portfolio);

/** `GET /api/connections/:id/portfolios`. */
export const getPortfolios = (id: string, signal?: AbortSignal) =>
  api(`${connectionApi(id)}/portfolios`, { schema: Portfolios, signal });

export const portfoliosQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.portfolios(id), queryFn: ({ signal }) => getPortfolios(id, signal) });

export const usePortfolios = (id: string) => useQuery(portfoliosQueryOptions(id));
