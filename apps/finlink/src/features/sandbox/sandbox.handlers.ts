import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import type * as routes from "./sandbox.routes";
import { createSandboxPublicToken, fireWebhook, resetLogin } from "./sandbox.service";

type Handler<R extends "publicToken" | "fireWebhook" | "resetLogin"> = RouteHandler<(typeof routes)[R], AppEnv>;

export const publicToken: Handler<"publicToken"> = async (c) =>
  c.json(await createSandboxPublicToken(c.var.services, c.var.auth.appId, c.req.valid("json")), 200);

export const fire: Handler<"fireWebhook"> = async (c) => {
  const { connectionToken } = c.req.valid("param");
  const { type } = c.req.valid("json");
  return c.json(await fireWebhook(c.var.services, c.var.auth.appId, connectionToken, type), 202);
};

export const reset: Handler<"resetLogin"> = async (c) =>
  c.json(await resetLogin(c.var.services, c.var.auth.appId, c.req.valid("param").connectionToken), 200);
