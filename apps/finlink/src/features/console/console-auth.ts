import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES } from "../../lib/http-body";
import { type ConsoleContext, type ConsoleEnv, field } from "./console-env";
import {
  CONSOLE_PATH,
  clearSessionCookie,
  consoleOrigin,
  findSession,
  sessionCookie,
  validCsrf,
} from "./console-session";
import { pickLang, translator } from "./i18n";
import { CONSOLE_CSP, notice, page, viewOf } from "./layout";

/** The only console routes that answer without a session: the sign-in page and form, and the stylesheet. */
export const PUBLIC_ROUTES = [
  { method: "GET", path: `${CONSOLE_PATH}/sign-in` },
  { method: "POST", path: `${CONSOLE_PATH}/sign-in` },
  { method: "GET", path: `${CONSOLE_PATH}/static/console.css` },
] as const;

const isPublic = (method: string, path: string) =>
  PUBLIC_ROUTES.some((r) => r.path === path && (r.method === method || (r.method === "GET" && method === "HEAD")));

const SAFE = new Set(["GET", "HEAD"]);

/** Headers on every console answer: its own strict CSP (no script at all) and no caching of operator pages. */
export const consoleHeaders: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const lang = pickLang(c);
  c.set("view", viewOf(c, lang, translator(lang)));
  await next();
  c.header("Content-Security-Policy", CONSOLE_CSP);
  // Not the API's no-referrer: under it a browser sends `Origin: null` with a form post, and `sameOrigin` needs
  // the real one. same-origin still sends nothing to other sites.
  c.header("Referrer-Policy", "same-origin");
  if (!c.req.path.startsWith(`${CONSOLE_PATH}/static/`)) c.header("Cache-Control", "no-store");
};

/** Bodies over MAX_BODY_BYTES are refused with the console's own 413 page, before anything reads them. */
export const consoleBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    const { view } = (c as unknown as ConsoleContext).var;
    return c.html(page(view, view.t("error"), notice("error", view.t("tooLarge"))), 413);
  },
});

/**
 * A state-changing request must come from a console page: its `Origin` must be the console's own origin, never
 * the API's (a browser sends it with every POST; a missing one is refused too). Together with the CSRF token (below) and
 * the SameSite=Strict cookie, a page on another site cannot make an operator's browser change anything.
 */
export const sameOrigin: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const expected = consoleOrigin(c.var.services.config);
  if (c.req.header("origin") !== expected) return refuse(c, "originRefused");
  return next();
};

/**
 * Every console route but `PUBLIC_ROUTES` needs a live operator session: a page without one sends the browser to
 * sign in, anything else is refused with 403. A state-changing request also needs the session's CSRF token,
 * in the `_csrf` field or the `X-CSRF-Token` header.
 */
export const requireOperator: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (isPublic(c.req.method, c.req.path)) return next();
  const token = sessionCookie(c);
  const session = token ? await findSession(c.var.services, token) : undefined;
  if (!session) {
    if (token) clearSessionCookie(c);
    if (SAFE.has(c.req.method)) return c.redirect(`${CONSOLE_PATH}/sign-in`, 303);
    return refuse(c, "sessionEnded");
  }
  c.set("session", session);
  const { lang, t } = c.var.view;
  c.set("view", viewOf(c, lang, t, session));
  if (!SAFE.has(c.req.method)) {
    const given = c.req.header("x-csrf-token") ?? (await field(c, "_csrf"));
    if (!validCsrf(c.var.services, session, given)) return refuse(c, "originRefused");
  }
  return next();
};

function refuse(c: Parameters<MiddlewareHandler<ConsoleEnv>>[0], message: "originRefused" | "sessionEnded") {
  const { view } = c.var;
  const { session: _session, csrf: _csrf, ...anonymous } = view;
  const body = page(anonymous, view.t("signIn"), notice("error", view.t(message)));
  return c.html(body, 403);
}
