import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env";
import { clientAddress } from "../../lib/client-address";
import { sha256 } from "../../lib/crypto";
import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";
import { exitSession, finishSession } from "./finish.service";
import type * as routes from "./link.routes";
import { searchEntities } from "./link-entities";
import { findRedirect } from "./link-redirect";
import { authenticateSession, fixedEntityId, LINK_SESSION_HEADER, sessionParams } from "./link-session";
import { takeSessionOpening } from "./open-throttle";
import { completeRedirect, startRedirect } from "./redirect-sign-in.service";
import { takeRedirectCompletion } from "./redirect-throttle";
import { BINDING_COOKIE_PATH, bindingCookieName } from "./return-url";
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

/**
 * Defence in depth for the completion: it is only ever called by Link's own pages — Finlink's origin, or Link's
 * when it is served apart (`LINK_URL`: the Vite dev server, which proxies the API). A browser that says the request
 * is cross-site (`Sec-Fetch-Site`), or names another `Origin`, did not get it from Link.
 */
function refuseCrossSite(c: Context<AppEnv>): void {
  const site = c.req.header("Sec-Fetch-Site");
  const origin = c.req.header("Origin");
  const { publicUrl, linkUrl } = c.var.services.config;
  const ours = new Set([new URL(publicUrl).origin, new URL(linkUrl).origin]);
  if (site === "cross-site" || (origin !== undefined && !ours.has(origin))) {
    throw new ApiError(403, "Forbidden", "Completed only from Link's own pages", { reason: "CROSS_SITE_REFUSED" });
  }
}

export const redirectComplete: Handler<"completeRedirect"> = async (c) => {
  refuseCrossSite(c);
  await takeRedirectCompletion(c.var.services, clientOf(c).address);
  const body = c.req.valid("json");
  const proof = { cookies: getCookie(c), sessionToken: c.req.header(LINK_SESSION_HEADER) };
  const completed = await completeRedirect(c.var.services, body, proof);
  // The binding did its work: the browser forgets it (the state it names is gone anyway).
  const state = stateOf(body.receivedRedirectUri);
  if (state) deleteCookie(c, bindingCookieName(sha256(state)), { path: BINDING_COOKIE_PATH });
  return c.json(completed, 200);
};

const stateOf = (uri: string) => new URL(uri).searchParams.get("state");
