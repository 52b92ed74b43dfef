import { BffConnections } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

/** While a connection in the list is importing or updating, the list refreshes itself this often. */
export const LIST_POLL_MS = 3000;

/** `GET /api/connections`: the signed-in user's connections. */
export const getConnections = (signal?: AbortSignal) => api("/api/connections", { schema: BffConnections, signal });

export const connectionsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.connections,
    queryFn: ({ signal }) => getConnections(signal),
    refetchInterval: (query) =>
      query.state.data?.some((c) => c.status === "PENDING" || c.status === "UPDATING") ? LIST_POLL_MS : false,
  });

export const useConnections = () => useQuery(connectionsQueryOptions());
