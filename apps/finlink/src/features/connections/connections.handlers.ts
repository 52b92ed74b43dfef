import type { RouteHandler } from "@hono/zod-openapi";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { AppEnv } from "../../app-env";
import { connections } from "../../db/schema";
import type { Services } from "../../services";
import { connectionOf, connectionViewColumns, type OnUnreadable, toConnection } from "./connection-view";
import type * as routes from "./connections.routes";
import { findByConnectionToken, findConnectionView, listPendingTokens } from "./connections.service";
import { exchangePublicToken } from "./exchange.service";
import { deleteConnection, refreshConnection } from "./maintenance.service";
import { signStartFlow } from "./start-flow.service";

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

export const startFlow: Handler<"startFlow"> = async (c) =>
  c.json(await signStartFlow(c.var.services, c.var.auth.appId, c.req.valid("json")), 200);

export const exchange: Handler<"exchange"> = async (c) => {
  const { publicToken } = c.req.valid("param");
  const key = c.req.valid("header")["idempotency-key"];
  const result = await exchangePublicToken(c.var.services, c.var.auth.appId, publicToken, key);
  return c.json(result, 200);
};

/** Logs a token of the connection that no longer decrypts (shown as null): an operator must hear of it. */
const unreadableLogger =
  (services: Services, connectionId: string): OnUnreadable =>
  (field, err) =>
    services.logger.error({ err, connectionId, field }, "a stored token could not be decrypted; shown as null");

export const getConnection: Handler<"getConnection"> = async (c) => {
  const { services, auth } = c.var;
  const row = await findConnectionView(services.database, auth.appId, c.req.valid("param").connectionToken);
  return c.json(connectionOf(row, services.cipher, services.now(), unreadableLogger(services, row.id)), 200);
};

export const listConnections: Handler<"listConnections"> = async (c) => {
  const { services, auth } = c.var;
  const { externalId } = c.req.valid("query");
  const filters = [
    eq(connections.appId, auth.appId),
    isNotNull(connections.exchangedAt),
    isNull(connections.revokedAt),
  ];
  if (externalId !== undefined) filters.push(eq(connections.externalId, externalId));
  const now = services.now();
  const rows = await services.database.db
    .select(connectionViewColumns)
    .from(connections)
    .where(and(...filters))
    .orderBy(desc(connections.createdAt));
  return c.json(
    rows.map((row) => toConnection(row, services.cipher, now, unreadableLogger(services, row.id))),
    200,
  );
};

export const listPending: Handler<"listPending"> = async (c) => {
  const pending = await listPendingTokens(c.var.services, c.var.auth.appId, c.req.valid("query").externalId);
  return c.json(pending, 200);
};

export const remove: Handler<"deleteConnection"> = async (c) => {
  const { services, auth } = c.var;
  const row = await findByConnectionToken(services.database.db, auth.appId, c.req.valid("param").connectionToken);
  await deleteConnection(services, row);
  return c.json({ message: "success" as const }, 200);
};

export const refresh: Handler<"refreshConnection"> = async (c) => {
  const { services, auth } = c.var;
  const row = await findByConnectionToken(services.database.db, auth.appId, c.req.valid("param").connectionToken);
  const { status } = await refreshConnection(services, row);
  return c.json({ connectionId: row.id, status }, 202);
};
