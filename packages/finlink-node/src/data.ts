import {
  Account,
  ActivePosition,
  Investment,
  Portfolio,
  type PortfolioTransaction,
  PortfolioTransactionPage,
  type Transaction,
  TransactionPage,
} from "@finlink/contracts";
import { z } from "zod";
import type { DecimalMode, Read } from "./exact-json";
import { type Page, paged } from "./pages";
import type { Send } from "./transport";

const connectionPath = "/api/v1/queries/connections/{connectionToken}";
const accountTransactions = `${connectionPath}/accounts/{accountId}/transactions`;
const portfolioTransactions = `${connectionPath}/portfolios/{portfolioId}/transactions`;

/** The data reads of a READY connection; numbers as `D` says (`decimals` option). */
export function dataOperations<D extends DecimalMode>(send: Send) {
  const read = <T>(route: string, schema: z.ZodType<T>, params: Record<string, string>, query = {}) =>
    send({ method: "GET", auth: true, retry: "idempotent", exact: true, route, params, query, schema }) as Promise<
      Read<T, D>
    >;
  return {
    /** `GET …/accounts`. */
    accounts: (connectionToken: string) => read(`${connectionPath}/accounts`, z.array(Account), { connectionToken }),

    /** One page of an account's transactions, newest first; `.iterate(…)` walks them all. */
    accountTransactions: paged<[connectionToken: string, accountId: string], Read<Transaction, D>>(
      `GET ${accountTransactions}`,
      ([connectionToken, accountId], query) =>
        read(accountTransactions, TransactionPage, { connectionToken, accountId }, query) as Promise<
          Page<Read<Transaction, D>>
        >,
      2,
    ),

    /** `GET …/portfolios`. */
    portfolios: (connectionToken: string) =>
      read(`${connectionPath}/portfolios`, z.array(Portfolio), { connectionToken }),

    /** `GET …/portfolios/active-positions`: every active position of the connection, valued. */
    activePositions: (connectionToken: string) =>
      read(`${connectionPath}/portfolios/active-positions`, z.array(ActivePosition), { connectionToken }),

    /** One page of a portfolio's transactions, newest first; `.iterate(…)` walks them all. */
    portfolioTransactions: paged<[connectionToken: string, portfolioId: string], Read<PortfolioTransaction, D>>(
      `GET ${portfolioTransactions}`,
      ([connectionToken, portfolioId], query) =>
        read(portfolioTransactions, PortfolioTransactionPage, { connectionToken, portfolioId }, query) as Promise<
          Page<Read<PortfolioTransaction, D>>
        >,
      2,
    ),

    /** `GET …/investments`: what the positions and portfolio transactions refer to. */
    investments: (connectionToken: string) =>
      read(`${connectionPath}/investments`, z.array(Investment), { connectionToken }),
  };
}
