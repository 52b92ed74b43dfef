import { Investment } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

const Investments = z.array(Investment);

/** `GET /api/connections/:id/investments`. */
export const getInvestments = (id: string, signal?: AbortSignal) =>
  api(`${connectionApi(id)}/investments`, { schema: Investments, signal });

export const investmentsQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.investments(id), queryFn: ({ signal }) => getInvestments(id, signal) });

export const useInvestments = (id: string) => useQuery(investmentsQueryOptions(id));
