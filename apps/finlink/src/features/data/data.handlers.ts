import type { RouteHandler } from "@hono/zod-openapi";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Context, TypedResponse } from "hono";
import type { AppEnv } from "../../app-env";
import type { Db } from "../../db/database";
import { accounts, investments, portfolios, portfolioTransactions, positions, transactions } from "../../db/schema";
import { notFound } from "../../lib/problem";
import { stringifyWire, type Unwire } from "../../lib/wire-json";
import { findByConnectionToken } from "../connections/connections.service";
import type * as routes from "./data.routes";
import {
  toAccount,
  toActivePositions,
  toInvestment,
  toPortfolio,
  toPortfolioTransaction,
  toTransaction,
} from "./data-view";
import { readPage } from "./keyset";

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

/** The database and the id of the calling app's connection named in the path (404 if it is not the app's). */
async function connectionOf(
  { services, auth }: AppEnv["Variables"],
  connectionToken: string,
): Promise<{ db: Db; connectionId: string }> {
  const db = services.database.db;
  const connection = await findByConnectionToken(db, auth.appId, connectionToken);
  return { db, connectionId: connection.id };
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

const parents = { account: accounts, portfolio: portfolios } as const;

/**
 * Like `connectionOf`, and 404 unless the connection has this account or portfolio: an empty list would
 * hide a wrong id.
 */
async function parentOf(
  vars: AppEnv["Variables"],
  connectionToken: string,
  kind: keyof typeof parents,
  id: string,
): Promise<{ db: Db; connectionId: string }> {
  const { db, connectionId } = await connectionOf(vars, connectionToken);
  const table = parents[kind];
  const [row] = await db
    .select({ id: table.id })
    .from(table as typeof accounts)
    .where(and(eq(table.connectionId, connectionId), eq(table.id, id)));
  if (!row)
    throw notFound(`The connection has no ${kind} with id '${id}'`, { reason: `UNKNOWN_${kind.toUpperCase()}` });
  return { db, connectionId };
}

export const listAccounts: Handler<"listAccounts"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  return wireJson(c, (await allOf(db, accounts, connectionId)).map(toAccount));
};

export const listTransactions: Handler<"listTransactions"> = async (c) => {
  const { connectionToken, accountId } = c.req.valid("param");
  const { db, connectionId } = await parentOf(c.var, connectionToken, "account", accountId);
  const scope = and(eq(transactions.connectionId, connectionId), eq(transactions.accountId, accountId));
  const { rows, nextCursor } = await readPage(db, transactions, scope, c.req.valid("query"));
  return wireJson(c, { data: rows.map(toTransaction), nextCursor });
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
  const { db, connectionId } = await parentOf(c.var, connectionToken, "portfolio", portfolioId);
  const scope = and(
    eq(portfolioTransactions.connectionId, connectionId),
    eq(portfolioTransactions.portfolioId, portfolioId),
  );
  const { rows, nextCursor } = await readPage(db, portfolioTransactions, scope, c.req.valid("query"));
  return wireJson(c, { data: rows.map(toPortfolioTransaction), nextCursor });
};

export const listInvestments: Handler<"listInvestments"> = async (c) => {
  const { db, connectionId } = await connectionOf(c.var, c.req.valid("param").connectionToken);
  return c.json((await allOf(db, investments, connectionId)).map(toInvestment), 200);
};
