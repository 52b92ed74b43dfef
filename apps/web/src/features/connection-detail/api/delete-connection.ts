import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/** `DELETE /api/connections/:id` (204): Finlink erases the connection's data. */
export const deleteConnection = (id: string) => api(connectionApi(id), { method: "DELETE" });

/** The key of a delete in flight: the page tells "you deleted it" (go home) from "it was deleted" (say so). */
export const deleteMutationKey = (id: string) => ["delete-connection", id] as const;

export function useDeleteConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: deleteMutationKey(id),
    mutationFn: () => deleteConnection(id),
    onSuccess: () => {
      // The status and every read of the connection go; the list is fetched again.
      queryClient.removeQueries({ queryKey: queryKeys.connection(id) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
    },
  });
}
