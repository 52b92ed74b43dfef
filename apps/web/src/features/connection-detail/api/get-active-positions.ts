import { ActivePosition } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

const ActivePositions = z.array(ActivePosition);

/** `GET /api/connections/:id/portfolios/active-positions`: every portfolio's, each row naming its portfolio. */
export const getActivePositions = (id: string, signal?: AbortSignal) =>
  api(`${connectionApi(id)}/portfolios/active-positions`, { schema: ActivePositions, signal });

export const activePositionsQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.activePositions(id), queryFn: ({ signal }) => getActivePositions(id, signal) });

export const useActivePositions = (id: string) => useQuery(activePositionsQueryOptions(id));
