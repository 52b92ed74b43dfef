import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { clientAddress } from "../../lib/client-address";
import type { Services } from "../../services";
import { exitSession, finishSession } from "./finish.service";
import type * as routes from "./link.routes";
import { searchEntities } from "./link-entities";
import { findRedirect } from "./link-redirect";
import { authenticateSession, fixedEntityId, LINK_SESSION_HEADER, sessionParams } from "./link-session";
import { takeSessionOpening } from "./open-throttle";
import { completeRedirect, startRedirect } from "./redirect-sign-in.service";
import { takeRedirectCompletion } from "./redirect-throttle";
import { sessionView } from "./session-view";
import { type SignInClient, submitCredentials, submitMfa } from "./sign-in.service";
import { createSession } from "./start.service";

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

const session = (c: Context<AppEnv>) => authenticateSession(c.var.services, c.req.header(LINK_SESSION_HEADER));

export const create: Handler<"createSession"> = async (c) => {
  await takeSessionOpening(c.var.services, clientOf(c).address);
  return c.json(await createSession(c.var.services, c.req.valid("json")), 201);
};

export const read: Handler<"getSession"> = async (c) => {
  const current = await session(c);
  const redirect = await findRedirect(c.var.services.database.db, current.redirectId, current.appId);
  return c.json(await sessionView(c.var.services, current, redirect), 200);
};

export const entities: Handler<"listEntities"> = async (c) => {
  const current = await session(c);
  const all = c.var.services.connectors.entities();
  // An update or restore signs in again at the connection's entity; a session opened for one entity stays there.
  const fixed = fixedEntityId(current);
  const allowed = fixed ? all.filter((e) => e.id === fixed) : all;
  const { q } = c.req.valid("query");
  return c.json(await searchEntities(c.var.services, allowed, { product: sessionParams(current).product, q }), 200);
};

/** Processes that saw `X-Forwarded-For` with no proxy trusted: warned once each. */
const warnedUntrusted = new WeakSet<Services>();

/** The client's address for the per-address limits, warning once when a proxy seems to be ignored. */
function clientOf(c: Context<AppEnv>): SignInClient {
  const { services } = c.var;
  const { trustedProxies } = services.config;
  if (trustedProxies === 0 && c.req.header("X-Forwarded-For") && !warnedUntrusted.has(services)) {
    warnedUntrusted.add(services);
    services.logger.warn(
      "X-Forwarded-For arrived but FINLINK_TRUSTED_PROXIES is 0: behind a reverse proxy every client shares its address for the per-address limits",
    );
  }
  return { address: clientAddress(c, trustedProxies) };
}

export const credentials: Handler<"submitCredentials"> = async (c) =>
  c.json(await submitCredentials(c.var.services, await session(c), c.req.valid("json"), clientOf(c)), 200);

export const mfa: Handler<"submitMfa"> = async (c) =>
  c.json(await submitMfa(c.var.services, await session(c), c.req.valid("json"), clientOf(c)), 200);

export const finish: Handler<"finishSession"> = async (c) =>
  c.json(await finishSession(c.var.services, await session(c)), 200);

export const exit: Handler<"exitSession"> = async (c) =>
  c.json(await exitSession(c.var.services, await session(c), c.req.valid("json") ?? {}), 200);

export const redirect: Handler<"startRedirect"> = async (c) =>
  c.json(await startRedirect(c.var.services, await session(c), c.req.valid("json")), 200);

export const redirectComplete: Handler<"completeRedirect"> = async (c) => {
  await takeRedirectCompletion(c.var.services, clientOf(c).address);
  return c.json(await completeRedirect(c.var.services, c.req.valid("json")), 200);
};
