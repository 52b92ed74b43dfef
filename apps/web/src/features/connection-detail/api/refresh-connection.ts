import { BffConnection } from "@finlink/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { isApiError } from "../../../lib/api-error";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/**
 * `POST /api/connections/:id/refresh` (202): starts an update; the answer is the connection, UPDATING. A 409
 * `USER_ACTION_REQUIRED` is no failure: the entity wants the user (a second factor, or a new sign-in), and
 * the connection now says so (`userAction`), so it is read again and its page offers Update or Restore.
 */
export const refreshConnection = (id: string) =>
  api(`${connectionApi(id)}/refresh`, { method: "POST", schema: BffConnection });

export const needsUser = (error: unknown) =>
  isApiError(error) && error.status === 409 && error.reason === "USER_ACTION_REQUIRED";

export function useRefreshConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => refreshConnection(id),
    onError: (error) => {
      if (needsUser(error)) return queryClient.invalidateQueries({ queryKey: queryKeys.connection(id), exact: true });
    },
    onSuccess: (connection) => {
      queryClient.setQueryData(queryKeys.connection(id), connection);
      return queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true });
    },
  });
}
