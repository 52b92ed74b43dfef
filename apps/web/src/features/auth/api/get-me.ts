import { BffUser } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { isApiError } from "../../../lib/api-error";
import { queryKeys } from "../../../lib/query-keys";

/** The signed-in user, or null when there is no session (the BFF answers 401). */
export async function getMe(signal?: AbortSignal): Promise<BffUser | null> {
  try {
    return await api("/api/me", { schema: BffUser, signal });
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: ({ signal }) => getMe(signal), staleTime: 5 * 60_000 });

export const useMe = () => useQuery(meQueryOptions());
