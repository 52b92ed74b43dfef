import { BffUser } from "@finlink/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

/** `POST /api/session`: the demo sign-in, by name. */
export const signIn = (name: string) => api("/api/session", { method: "POST", body: { name }, schema: BffUser });

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (user) => {
      // Another user's cached connections must not flash on screen.
      queryClient.removeQueries({ queryKey: queryKeys.connections });
      queryClient.setQueryData(queryKeys.me, user);
    },
  });
}
