import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ConsoleEnv } from "./console-env";
import type { OperatorSession } from "./console-session";
import { CONSOLE_PATH, csrfToken } from "./console-session";
import { LANGS, type Lang, type Translate } from "./i18n";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/** What every page is drawn with: the language, its messages and, signed in, the session's CSRF token. */
export interface View {
  lang: Lang;
  t: Translate;
  session?: OperatorSession;
  csrf?: string;
  /** The request's path, for the language switch's links. */
  path: string;
}

export const CONSOLE_CSS = `${CONSOLE_PATH}/static/console.css`;

/**
 * The console's policy: nothing but its own stylesheet and forms; no script at all (the pages need none), so
 * an injected `<script>` or inline handler does not run even if escaping ever failed.
 */
export const CONSOLE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const isConsolePath = (path: string) =>
  path === CONSOLE_PATH || (path.startsWith(`${CONSOLE_PATH}/`) && !path.includes("//"));

export const viewOf = (c: Context<ConsoleEnv>, lang: Lang, t: Translate, session?: OperatorSession): View => ({
  lang,
  t,
  // A form's answer is not a page to switch language on: its switch leads to the apps list.
  // Only a console path: a request for `//evil.example/x` must not make the switch a link to another site.
  path: c.req.method === "GET" && isConsolePath(c.req.path) ? c.req.path : `${CONSOLE_PATH}/apps`,
  ...(session ? { session, csrf: csrfToken(c.var.services, session) } : {}),
});

/** The hidden field every state-changing form carries. */
export const csrfField = (view: View) => html`<input type="hidden" name="_csrf" value="${view.csrf ?? ""}">`;

/** A POST form with its CSRF field; `body` holds the fields and the button. */
export const postForm = (view: View, action: string, body: Html, attrs: { class?: string; label?: string } = {}) =>
  html`<form method="post" action="${action}" class="${attrs.class ?? ""}"${attrs.label ? html` aria-label="${attrs.label}"` : ""}>${csrfField(view)}${body}</form>`;

/** A message above the page's content: `role=status` for news, `role=alert` for an error. */
export const notice = (kind: "ok" | "error", text: string | undefined) =>
  text ? html`<p class="notice ${kind}" role="${kind === "error" ? "alert" : "status"}">${text}</p>` : "";

const langSwitch = (view: View) =>
  html`<nav class="langs" aria-label="${view.t("language")}">${LANGS.map(
    (lang) =>
      html`<a href="${view.path}?lang=${lang}" lang="${lang}" hreflang="${lang}"${lang === view.lang ? html` aria-current="true"` : ""}>${lang === "en" ? "English" : "Español"}</a>`,
  )}</nav>`;

const navigation = (view: View) => {
  if (!view.session) return "";
  const link = (href: string, label: string) => {
    const current = view.path === href || view.path.startsWith(`${href}/`);
    return html`<a href="${href}"${current ? html` aria-current="page"` : ""}>${label}</a>`;
  };
  return html`<nav class="main-nav" aria-label="${view.t("console")}">
      ${link(`${CONSOLE_PATH}/apps`, view.t("apps"))} ${link(`${CONSOLE_PATH}/entities`, view.t("entities"))}
    </nav>
    <div class="who">
      <span>${view.t("signedInAs", { name: view.session.username })}</span>
      ${postForm(view, `${CONSOLE_PATH}/sign-out`, html`<button type="submit" class="link">${view.t("signOut")}</button>`)}
    </div>`;
};

/** A whole console page. */
export const page = (view: View, title: string, content: Html) => html`<!doctype html>
<html lang="${view.lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>${title} · ${view.t("console")}</title>
    <link rel="stylesheet" href="${CONSOLE_CSS}">
  </head>
  <body>
    <a class="skip" href="#main">${view.t("skip")}</a>
    <header>
      <p class="brand">${view.t("console")}</p>
      ${navigation(view)} ${langSwitch(view)}
    </header>
    <main id="main" tabindex="-1">
      <h1>${title}</h1>
      ${content}
    </main>
  </body>
</html>`;

/** Dates as the operator reads them: UTC, to the second, the same in both languages. */
export const when = (date: Date | string | null | undefined, t: Translate) =>
  date ? `${new Date(date).toISOString().slice(0, 19).replace("T", " ")} UTC` : t("never");
