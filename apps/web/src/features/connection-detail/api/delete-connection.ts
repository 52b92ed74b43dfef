import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/** `DELETE /api/connections/:id` (204): Finlink erases the connection's data. */
export const deleteConnection = (id: string) => api(connectionApi(id), { method: "DELETE" });

export function useDeleteConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteConnection(id),
    onSuccess: () => {
      // The status and every read of the connection go; the list is fetched again.
      queryClient.removeQueries({ queryKey: queryKeys.connection(id) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
    },
  });
}
