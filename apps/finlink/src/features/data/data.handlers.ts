import type { PortfolioTransactionPage, TransactionPage } from "@finlink/contracts";
import type { RouteHandler, z } from "@hono/zod-openapi";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Context, TypedResponse } from "hono";
import type { AppEnv } from "../../app-env";
import type { Db } from "../../db/database";
import { accounts, investments, portfolios, positions } from "../../db/schema";
import { notFound } from "../../lib/problem";
import { stringifyWire, type Unwire } from "../../lib/wire-json";
import { findConnectionView } from "../connections/connections.service";
import type * as routes from "./data.routes";
import { datedLists, toAccount, toActivePositions, toInvestment, toPortfolio } from "./data-view";
import { type PageRequest, readPage } from "./keyset";

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

/**
 * A 200 JSON body whose numbers keep their stored digits (`stringifyWire`), typed as the JSON it reads as,
 * so the route's response schema still checks the views' fields at compile time.
 */
function wireJson<T>(c: Context, body: T): TypedResponse<Unwire<T>, 200, "json"> {
  return c.body(stringifyWire(body), 200, { "Content-Type": "application/json" }) as unknown as TypedResponse<
    Unwire<T>,
    200,
    "json"
  >;
}

/**
 * The connection `connectionToken` opens for this app, by `findConnectionView` (the status endpoint's lookup:
 * the token's hash alone, the app and the revocation checked on the row, on PGlite from memory while nothing
 * ran), since every data request asks it first.
 */
async function connectionOf(
  { services, auth }: AppEnv["Variables"],
  connectionToken: string,
): Promise<{ db: Db; connectionId: string }> {
  const { id } = await findConnectionView(services.database, auth.appId, connectionToken);
  return { db: services.database.db, connectionId: id };
}

/** A connection's rows of a list without paging, by id so the order is stable. */
async function allOf<T extends typeof accounts | typeof portfolios | typeof investments>(
  db: Db,
  table: T,
  connectionId: string,
): Promise<T["$inferSelect"][]> {
  const rows = await db
    .select()
    .from(table as typeof accounts)
    .where(eq(table.connectionId, connectionId))
    .orderBy(asc(table.id));
  return rows as T["$inferSelect"][];
}

/**
 * One page of an account's or portfolio's transactions as the response body, written around the rows' own
 * JSON (`readPage`); 404 unless the connection has this account or portfolio: an empty list would hide a
 * wrong id. Only an empty page needs the second look, as the page query answers no row for a parent that is
 * not there.
 */
async function pageOf<K extends keyof typeof datedLists>(
  c: Context<AppEnv>,
  connectionToken: string,
  kind: K,
  parentId: string,
  request: PageRequest,
): Promise<Response> {
  const { db, connectionId } = await connectionOf(c.var, connectionToken);
  const list = datedLists[kind];
  const { rows, nextCursor } = await readPage(c.var.services.database.sql, list, { connectionId, parentId }, request);
  if (rows.length === 0) {
    const [row] = await db
      .select({ id: list.parentTable.id })
      .from(list.parentTable as typeof accounts)
      .where(and(eq(list.parentTable.connectionId, connectionId), eq(list.parentTable.id, parentId)));
    if (!row)
      throw notFound(`The connection has no ${kind} with id '${parentId}'`, {
        reason: `UNKNOWN_${kind.toUpperCase()}`,
      });
  }
  return c.body(`{"data":[${rows.join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`, 200, {
    "Content-Type": "application/json",
  });
}

export const listAccounts: Handler<"listAccounts"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  return wireJson(c, (await allOf(db, accounts, connectionId)).map(toAccount));
};

export const listTransactions: Handler<"listTransactions"> = async (c) => {
  const { connectionToken, accountId } = c.req.valid("param");
  const page = await pageOf(c, connectionToken, "account", accountId, c.req.valid("query"));
  return page as unknown as TypedResponse<z.output<typeof TransactionPage>, 200, "json">;
};

export const listPortfolios: Handler<"listPortfolios"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  return wireJson(c, (await allOf(db, portfolios, connectionId)).map(toPortfolio));
};

export const listActivePositions: Handler<"listActivePositions"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  const { name, isin, exchange, assetType } = investments;
  const rows = await db
    .select({ position: positions, investment: { name, isin, exchange, assetType } })
    .from(positions)
    .innerJoin(
      investments,
      and(eq(investments.connectionId, positions.connectionId), eq(investments.id, positions.investmentId)),
    )
    .where(and(eq(positions.connectionId, connectionId), gt(positions.titles, "0")))
    .orderBy(asc(positions.portfolioId), asc(positions.id));
  return wireJson(c, toActivePositions(rows.map((row) => ({ ...row.position, investment: row.investment }))));
};

export const listPortfolioTransactions: Handler<"listPortfolioTransactions"> = async (c) => {
  const { connectionToken, portfolioId } = c.req.valid("param");
  const page = await pageOf(c, connectionToken, "portfolio", portfolioId, c.req.valid("query"));
  return page as unknown as TypedResponse<z.output<typeof PortfolioTransactionPage>, 200, "json">;
};

export const listInvestments: Handler<"listInvestments"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  return c.json((await allOf(db, investments, connectionId)).map(toInvestment), 200);
};
