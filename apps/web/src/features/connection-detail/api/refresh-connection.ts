import { BffConnection } from "@finlink/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/** `POST /api/connections/:id/refresh` (202): starts an update; the answer is the connection, UPDATING. */
export const refreshConnection = (id: string) =>
  api(`${connectionApi(id)}/refresh`, { method: "POST", schema: BffConnection });

export function useRefreshConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => refreshConnection(id),
    onSuccess: (connection) => {
      queryClient.setQueryData(queryKeys.connection(id), connection);
      return queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
    },
  });
}
