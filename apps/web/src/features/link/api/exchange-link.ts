import { type BffConnection, BffConnection as BffConnectionSchema, type BffExchangeRequest } from "@finlink/contracts";
import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

/** `POST /api/link/exchange` (201): the BFF checks the state, exchanges the publicToken, keeps the token. */
export const exchangeLink = (request: BffExchangeRequest) =>
  api("/api/link/exchange", { method: "POST", body: request, schema: BffConnectionSchema });

/** After an exchange or a completed update: the connection page opens from cache, the list is refetched. */
export function rememberConnection(queryClient: QueryClient, connection: BffConnection) {
  queryClient.setQueryData(queryKeys.connection(connection.id), connection);
  return queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
}

export function useExchangeLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: exchangeLink,
    onSuccess: (connection) => rememberConnection(queryClient, connection),
  });
}
