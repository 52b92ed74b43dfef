import {
  Account,
  ActivePosition,
  Investment,
  Portfolio,
  PortfolioTransactionPage,
  TransactionPage,
} from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { bearer, errorResponses, problemResponse } from "../../lib/openapi";
import { AccountParams, ConnectionParams, DatedPageQuery, PortfolioParams } from "./data-params";

const common = { tags: ["Data"], security: bearer };
const errors = {
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
  404: errorResponses[404],
} as const;
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const pageDescription =
  "Newest first (date, then id, descending), by keyset: pass `nextCursor` as `cursor` for the next page until it is null. Rows added while you walk the pages never make you miss or repeat an older one. `from`/`to` are inclusive dates.";
const badPage = problemResponse("Invalid `limit`, `from`/`to`, or a cursor this API did not issue (`INVALID_CURSOR`)");

export const listAccounts = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/accounts",
  summary: "The connection's accounts",
  request: { params: ConnectionParams },
  responses: { 200: ok(z.array(Account), "Accounts"), ...errors },
});

export const listTransactions = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/accounts/{accountId}/transactions",
  summary: "An account's transactions, one page",
  description: pageDescription,
  request: { params: AccountParams, query: DatedPageQuery },
  responses: {
    200: ok(TransactionPage, "One page of transactions"),
    ...errors,
    400: badPage,
    404: problemResponse("Unknown connection, or no such account in it"),
  },
});

export const listPortfolios = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/portfolios",
  summary: "The connection's portfolios",
  request: { params: ConnectionParams },
  responses: { 200: ok(z.array(Portfolio), "Portfolios"), ...errors },
});

export const listActivePositions = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/portfolios/active-positions",
  summary: "Every active position of the connection, valued",
  description:
    "Vumi's List portfolio positions: the active positions of all the connection's portfolios, with each one's weight in its portfolio (investments only; cash is in the accounts' balances). Ordered by portfolio, then position.",
  request: { params: ConnectionParams },
  responses: { 200: ok(z.array(ActivePosition), "Active positions"), ...errors },
});

export const listPortfolioTransactions = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/portfolios/{portfolioId}/transactions",
  summary: "A portfolio's transactions (buys, sells, dividends…), one page",
  description: pageDescription,
  request: { params: PortfolioParams, query: DatedPageQuery },
  responses: {
    200: ok(PortfolioTransactionPage, "One page of portfolio transactions"),
    ...errors,
    400: badPage,
    404: problemResponse("Unknown connection, or no such portfolio in it"),
  },
});

export const listInvestments = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}/investments",
  summary: "The instruments the connection's positions and portfolio transactions refer to",
  request: { params: ConnectionParams },
  responses: { 200: ok(z.array(Investment), "Investments"), ...errors },
});
