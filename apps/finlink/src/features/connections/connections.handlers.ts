import type { RouteHandler } from "@hono/zod-openapi";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { AppEnv } from "../../app-env";
import { connections } from "../../db/schema";
import { requireEntity } from "../link/link-entities";
import { findRedirect } from "../link/link-redirect";
import { signStartToken } from "../link/start-token";
import { findUpdateTarget } from "../link/update-target";
import { toConnection } from "./connection-view";
import type * as routes from "./connections.routes";
import { findByConnectionToken } from "./connections.service";
import { exchangePublicToken } from "./exchange.service";
import { deleteConnection, refreshConnection, reissuePending } from "./maintenance.service";

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

export const startFlow: Handler<"startFlow"> = async (c) => {
  const body = c.req.valid("json");
  const { services, auth } = c.var;
  const redirect = await findRedirect(services.database.db, body.id, auth.appId);
  if (body.entity) requireEntity(services, body.entity, body.product);
  if (body.updateToken) await findUpdateTarget(services, auth.appId, "update", body.updateToken);
  if (body.restoreToken) await findUpdateTarget(services, auth.appId, "restore", body.restoreToken);
  const token = await signStartToken(services.keys, {
    sub: auth.appId,
    rid: redirect.id,
    product: body.product,
    entity: body.entity ?? null,
    ext: body.externalId ?? null,
    owners: body.desiredOwners ?? null,
    state: body.state ?? null,
    upd: body.updateToken ?? null,
    rst: body.restoreToken ?? null,
  });
  const url = new URL(services.config.linkUrl);
  url.searchParams.set("authToken", token);
  return c.json({ token, url: url.toString() }, 200);
};

export const exchange: Handler<"exchange"> = async (c) => {
  const { publicToken } = c.req.valid("param");
  const key = c.req.valid("header")["idempotency-key"];
  const result = await exchangePublicToken(c.var.services, c.var.auth.appId, publicToken, key);
  return c.json(result, 200);
};

export const getConnection: Handler<"getConnection"> = async (c) => {
  const { services, auth } = c.var;
  const row = await findByConnectionToken(services.database.db, auth.appId, c.req.valid("param").connectionToken);
  return c.json(toConnection(row, services.cipher), 200);
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
  const rows = await services.database.db
    .select()
    .from(connections)
    .where(and(...filters))
    .orderBy(desc(connections.createdAt));
  return c.json(
    rows.map((row) => toConnection(row, services.cipher)),
    200,
  );
};

export const listPending: Handler<"listPending"> = async (c) => {
  const pending = await reissuePending(c.var.services, c.var.auth.appId, c.req.valid("query").externalId);
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
