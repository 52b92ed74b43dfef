import { text } from "@finlink/contracts";
import type { FinlinkClient } from "@finlink/node";
import type { Context } from "hono";
import { z } from "zod";
import { type AppEnv, createRouter } from "../../app-env";
import { upstreamError } from "../../finlink/upstream-error";
import { badRequest, notFound } from "../../lib/problem";
import { connectionTokenOf, ownedConnection } from "../connections/connections.service";
import { signedInUser } from "../session/session.middleware";

// Finlink's account and portfolio ids; anything else is no id of theirs and goes nowhere.
const DATA_ID = /^[\w-]{1,128}$/;

/** The only query parameters the transaction lists pass on; others are dropped, not forwarded. */
const ListQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, "A whole number of rows (1–1000)")
    .transform(Number)
    .optional(),
  cursor: text({ max: 512 }).optional(),
  from: text({ max: 10 }).optional(),
  to: text({ max: 10 }).optional(),
});

/** Reads the request's own parameters (400/404 when malformed), then answers the Finlink call to make. */
type Read = (c: Context<AppEnv>) => (api: FinlinkClient, token: string) => Promise<unknown>;

/**
 * A read proxy: the connection must be the user's (404 otherwise), then Finlink's answer — its status and
 * contract checked by the client — goes to the browser as the very JSON text Finlink wrote (exact decimals),
 * with none of Finlink's headers.
 */
const proxy = (read: Read) => async (c: Context<AppEnv>) => {
  const { services } = c.var;
  const row = await ownedConnection(services, signedInUser(c).id, c.req.param("id") ?? "");
  const call = read(c);
  const token = connectionTokenOf(services, row);
  const body = await services.finlink
    .raw((api) => call(api, token))
    .catch((error) => {
      throw upstreamError(error, services.logger);
    });
  return c.body(body, 200, { "Content-Type": "application/json; charset=utf-8" });
};

function dataId(c: Context<AppEnv>, name: string): string {
  const id = c.req.param(name) ?? "";
  if (!DATA_ID.test(id)) throw notFound("Not found at Finlink");
  return id;
}

function listQuery(c: Context<AppEnv>) {
  // An empty value is an absent one (`?cursor=` on the first page), as Finlink reads it.
  const value = (name: string) => c.req.query(name) || undefined;
  const parsed = ListQuery.safeParse({
    limit: value("limit"),
    cursor: value("cursor"),
    from: value("from"),
    to: value("to"),
  });
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  throw badRequest("Invalid query parameters", "VALIDATION_ERROR", errors);
}

/** Allow-listed GETs of a connection's data; nothing else of Finlink's API is reachable through the BFF. */
export const dataRouter = createRouter()
  .get(
    "/connections/:id/accounts",
    proxy(() => (api, token) => api.accounts(token)),
  )
  .get(
    "/connections/:id/accounts/:accountId/transactions",
    proxy((c) => {
      const [accountId, query] = [dataId(c, "accountId"), listQuery(c)];
      return (api, token) => api.accountTransactions(token, accountId, query);
    }),
  )
  .get(
    "/connections/:id/portfolios",
    proxy(() => (api, token) => api.portfolios(token)),
  )
  .get(
    "/connections/:id/portfolios/active-positions",
    proxy(() => (api, token) => api.activePositions(token)),
  )
  .get(
    "/connections/:id/portfolios/:portfolioId/transactions",
    proxy((c) => {
      const [portfolioId, query] = [dataId(c, "portfolioId"), listQuery(c)];
      return (api, token) => api.portfolioTransactions(token, portfolioId, query);
    }),
  )
  .get(
    "/connections/:id/investments",
    proxy(() => (api, token) => api.investments(token)),
  );
