import { QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError, isClientError } from "./api-error";
import { queryKeys } from "./query-keys";

/**
 * The app's query client: no retries of 4xx answers (a retry cannot change them), two of anything else. A
 * 401 from any read means the session ended (expired, signed out in another tab): the app shows sign-in.
 */
export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== queryKeys.me[0]) {
          client.setQueryData(queryKeys.me, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
