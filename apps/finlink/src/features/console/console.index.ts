import { readFileSync } from "node:fs";
import { html } from "hono/html";
import { SettingsError } from "../apps/settings-error";
import { consoleApiRouter } from "./api/console-api.document";
import { consoleApiError, consoleApiRefusals, isConsoleApi } from "./api/console-api-errors";
import { appSettingsRouter } from "./app-settings.page";
import { appsRouter } from "./apps.page";
import { connectionsRouter } from "./connections.page";
import { consoleBodyLimit, consoleHeaders, requireOperator, sameOrigin } from "./console-auth";
import { ConsoleBadForm, ConsoleNotFound, createConsoleRouter } from "./console-env";
import { CONSOLE_PATH } from "./console-session";
import { entitiesRouter } from "./entities.page";
import { CONSOLE_CSS, notice, page } from "./layout";
import { signInRouter } from "./sign-in.page";
import { webhooksRouter } from "./webhooks.page";

const css = readFileSync(new URL("./static/console.css", import.meta.url), "utf8");

/**
 * The operator console at /console: server-rendered pages (decision 011). Every route passes `requireOperator`
 * (a session, and for a POST its CSRF token) except the sign-in form and the stylesheet; every POST passes
 * `sameOrigin` first.
 */
export const consoleRouter = createConsoleRouter();
// Before the guards: on /console/api/* it turns their HTML refusals into problem+json.
consoleRouter.use(`${CONSOLE_PATH}/api/*`, consoleApiRefusals);
consoleRouter.use(`${CONSOLE_PATH}/*`, consoleHeaders, consoleBodyLimit, sameOrigin, requireOperator);
consoleRouter.use(CONSOLE_PATH, consoleHeaders, consoleBodyLimit, sameOrigin, requireOperator);
consoleRouter.get(CONSOLE_CSS, (c) =>
  c.body(css, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300" }),
);
consoleRouter.route("/", consoleApiRouter);
for (const router of [signInRouter, appsRouter, appSettingsRouter, connectionsRouter, webhooksRouter, entitiesRouter]) {
  consoleRouter.route("/", router);
}
// Past `requireOperator`: an unknown console path answers the console's 404 page, and only to an operator.
consoleRouter.all(`${CONSOLE_PATH}/*`, () => {
  throw new ConsoleNotFound();
});

consoleRouter.onError((error, c) => {
  if (isConsoleApi(c.req.path)) return consoleApiError(error, c);
  const { view } = c.var;
  if (error instanceof ConsoleNotFound) return c.html(page(view, view.t("notFound"), html``), 404);
  if (error instanceof ConsoleBadForm)
    return c.html(page(view, view.t("error"), notice("error", view.t("badForm"))), 400);
  if (error instanceof SettingsError) {
    return c.html(page(view, view.t("error"), notice("error", view.t("badInput", { detail: error.message }))), 400);
  }
  c.var.services.logger.error({ error: String(error), requestId: c.var.requestId }, "console error");
  return c.html(page(view, view.t("error"), notice("error", `500 · ${c.var.requestId}`)), 500);
});
