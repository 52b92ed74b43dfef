import { Hono } from "hono";
import { html } from "hono/html";
import { secureHeaders } from "hono/secure-headers";
import { requestContext } from "../../middleware/request-context";
import type { Services } from "../../services";
import { consoleRouter } from "./console.index";
import type { ConsoleContext, ConsoleEnv } from "./console-env";
import { CONSOLE_PATH, consoleOrigin } from "./console-session";
import { pickLang, translator } from "./i18n";
import { CONSOLE_CSP, page, viewOf } from "./layout";

/**
 * The operator console on a listener and origin of its own (decision 011): nothing but the console's router, so
 * no script of the API's origin (Link, the docs, the sandbox bank) shares an origin with the operator's pages,
 * and nothing of the API answers here. Tests call `consoleApp.request(…)` on it without opening a port.
 */
export function createConsoleApp(services: Services) {
  // Refuses to build with the console off: its origin is what its Origin check and cookie are bound to.
  consoleOrigin(services.config);
  const app = new Hono<ConsoleEnv>();
  app.use("*", requestContext(services) as unknown as Parameters<typeof app.use>[1]);
  // Under the console's own CSP and Referrer-Policy (set by its router): what it leaves unset, strictly.
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-origin",
      crossOriginOpenerPolicy: "same-origin",
      overwrite: false,
    }),
  );
  // The origin's root is the console: an operator may open just its URL.
  app.get("/", (c) => c.redirect(`${CONSOLE_PATH}/apps`, 303));
  app.route("/", consoleRouter);

  // Outside /console (where the router answers its own 404 past the session check): the console's 404 page.
  app.notFound((c) => notFoundPage(c));
  return app;
}

function notFoundPage(c: ConsoleContext) {
  const lang = pickLang(c);
  const view = viewOf(c, lang, translator(lang));
  c.header("Content-Security-Policy", CONSOLE_CSP);
  c.header("Cache-Control", "no-store");
  return c.html(page(view, view.t("notFound"), html``), 404);
}

export type ConsoleApp = ReturnType<typeof createConsoleApp>;
