import { BffConnection } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

/** `GET /api/connections/:id`: the connection's status, the endpoint the page polls while it imports. */
export const getConnection = (id: string, signal?: AbortSignal) =>
  api(connectionApi(id), { schema: BffConnection, signal });

export const connectionQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.connection(id), queryFn: ({ signal }) => getConnection(id, signal) });

type RefetchInterval = NonNullable<ReturnType<typeof connectionQueryOptions>["refetchInterval"]>;

export const useConnection = (id: string, refetchInterval: RefetchInterval) =>
  useQuery({ ...connectionQueryOptions(id), refetchInterval, refetchIntervalInBackground: true });
