import { html } from "hono/html";
import { clientAddress } from "../../lib/client-address";
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
import { type SignInResult, signIn } from "./operators.service";
import { PasswordChecksBusy, settleSignInAttempt, takeSignInAttempt } from "./sign-in-limits";

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
    const password = await field(c, "password");
    const { services, view } = c.var;
    // Counted (or refused) before any password is checked: a refusal here costs no scrypt.
    const attempt = await takeSignInAttempt(services, clientAddress(c, services.config.trustedProxies));
    if (attempt.throttledFor > 0) {
      c.header("Retry-After", String(attempt.throttledFor));
      return c.html(signInForm(view, view.t("signInThrottled"), username), 429);
    }
    let result: SignInResult;
    try {
      const { operatorPasswordChecks } = services.limits;
      result = await signIn(services.database, username, password, services.now(), operatorPasswordChecks.verify);
    } catch (error) {
      // Not a guess (nothing was checked, or the database failed): the attempt is given back.
      await settleSignInAttempt(services, attempt, false);
      if (!(error instanceof PasswordChecksBusy)) throw error;
      c.header("Retry-After", "1");
      return c.html(signInForm(view, view.t("signInBusy"), username), 503);
    }
    await settleSignInAttempt(services, attempt, !result.ok);
    if (!result.ok) return c.html(signInForm(view, view.t("signInFailed"), username), 401);
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
