import { Account } from "@finlink/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";
import { queryKeys } from "../../../lib/query-keys";

const Accounts = z.array(Account);

/** `GET /api/connections/:id/accounts`. */
export const getAccounts = (id: string, signal?: AbortSignal) =>
  api(`${connectionApi(id)}/accounts`, { schema: Accounts, signal });

export const accountsQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.accounts(id), queryFn: ({ signal }) => getAccounts(id, signal) });

export const useAccounts = (id: string) => useQuery(accountsQueryOptions(id));
