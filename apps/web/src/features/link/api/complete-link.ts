import { type BffCompleteRequest, BffConnection } from "@finlink/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { rememberConnection } from "./exchange-link";

/** `POST /api/link/complete`: the end of an update or restore flow; the connection comes back UPDATING. */
export const completeLink = (request: BffCompleteRequest) =>
  api("/api/link/complete", { method: "POST", body: request, schema: BffConnection });

export function useCompleteLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeLink,
    onSuccess: (connection) => rememberConnection(queryClient, connection),
  });
}
