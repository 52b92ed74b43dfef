import { html } from "hono/html";
import { type ConsoleContext, createConsoleRouter, field } from "./console-env";
import {
  CONSOLE_PATH,
  clearSessionCookie,
  closeSession,
  openSession,
  sessionCookie,
  setSessionCookie,
} from "./console-session";
import { notice, page, type View } from "./layout";
import { signIn } from "./operators.service";

const signInForm = (view: View, error?: string, username = "") =>
  page(
    view,
    view.t("signIn"),
    html`${notice("error", error)}
      <form method="post" action="${CONSOLE_PATH}/sign-in">
        <label for="username">${view.t("username")}</label>
        <input type="text" id="username" name="username" autocomplete="username" required value="${username}"
          autocapitalize="none" spellcheck="false">
        <label for="password">${view.t("password")}</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <div><button type="submit">${view.t("signIn")}</button></div>
      </form>`,
  );

/** Sign-in (public; `sameOrigin` guards its POST) and sign-out. */
export const signInRouter = createConsoleRouter()
  .get(`${CONSOLE_PATH}/sign-in`, (c) => c.html(signInForm(c.var.view)))
  .post(`${CONSOLE_PATH}/sign-in`, async (c: ConsoleContext) => {
    const username = await field(c, "username");
    const { services } = c.var;
    const result = await signIn(services.database, username, await field(c, "password"), services.now());
    if (!result.ok) return c.html(signInForm(c.var.view, c.var.view.t("signInFailed"), username), 401);
    // The session the browser came with (another operator's, or one left open) ends: one browser, one session.
    const previous = sessionCookie(c);
    if (previous) await closeSession(services, previous);
    setSessionCookie(c, await openSession(services, result.operatorId));
    return c.redirect(`${CONSOLE_PATH}/apps`, 303);
  })
  .post(`${CONSOLE_PATH}/sign-out`, async (c) => {
    await closeSession(c.var.services, c.var.session.token);
    clearSessionCookie(c);
    return c.redirect(`${CONSOLE_PATH}/sign-in`, 303);
  });
