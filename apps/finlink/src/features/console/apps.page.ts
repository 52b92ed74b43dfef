import { desc } from "drizzle-orm";
import { html } from "hono/html";
import type { Database } from "../../db/database";
import { apps } from "../../db/schema";
import { checkAppName } from "../apps/app-edit.service";
import { checkAppLinks } from "../apps/app-links";
import { checkRedirectUri, checkWebhookUrl, createApp } from "../apps/apps.service";
import { checked, SettingsError } from "../apps/settings-error";
import { checkWebhookUrl as checkWebhookTarget } from "../webhooks/target";
import { appPath } from "./app-tabs";
import { type ConsoleContext, createConsoleRouter, form } from "./console-env";
import { CONSOLE_PATH } from "./console-session";
import { notice, page, postForm, type View, when } from "./layout";

/** A labelled text input; `hint` is tied to it with aria-describedby. */
export const input = (
  id: string,
  label: string,
  attrs: { type?: string; value?: string; hint?: string; required?: boolean } = {},
) =>
  html`<label for="${id}">${label}</label>${attrs.hint ? html`<p class="hint" id="${id}-hint">${attrs.hint}</p>` : ""}
    <input type="${attrs.type ?? "text"}" id="${id}" name="${id}" value="${attrs.value ?? ""}"${attrs.required ? html` required` : ""}${attrs.hint ? html` aria-describedby="${id}-hint"` : ""}>`;

export const startModeFields = (view: View, startFlowOnly: boolean) => html`<fieldset>
    <legend>${view.t("startMode")}</legend>
    <div><input type="radio" id="start-any" name="startFlowOnly" value="false"${startFlowOnly ? "" : html` checked`}>
      <label for="start-any">${view.t("startAny")}</label></div>
    <div><input type="radio" id="start-tokens" name="startFlowOnly" value="true"${startFlowOnly ? html` checked` : ""}>
      <label for="start-tokens">${view.t("startTokensOnly")}</label></div>
  </fieldset>`;

/** Every app, newest first: what the apps page lists (and `GET /console/api/v1/apps`). */
export const listApps = (database: Database) =>
  database.db
    .select({ id: apps.id, name: apps.name, createdAt: apps.createdAt })
    .from(apps)
    .orderBy(desc(apps.createdAt));

async function appsList(c: ConsoleContext, error?: string) {
  const { view, services } = c.var;
  const rows = await listApps(services.database);
  const table = rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("apps") })}"><table>
        <thead><tr><th scope="col">${view.t("name")}</th><th scope="col">${view.t("clientId")}</th><th scope="col">${view.t("created")}</th></tr></thead>
        <tbody>${rows.map(
          (app) =>
            html`<tr><td><a href="${appPath(app.id)}">${app.name}</a></td><td><code>${app.id}</code></td><td>${when(app.createdAt, view.t)}</td></tr>`,
        )}</tbody></table></div>`
    : html`<p>${view.t("noApps")}</p>`;
  const form = postForm(
    view,
    `${CONSOLE_PATH}/apps`,
    html`${input("name", view.t("name"), { required: true })}
      ${input("redirectUri", view.t("redirectUri"), { type: "url", required: true })}
      ${input("webhookUrl", view.t("webhookUrl"), { type: "url", hint: view.t("webhookUrlHint") })}
      ${input("privacyPolicyUrl", view.t("privacyPolicyUrl"), { type: "url" })}
      ${input("termsUrl", view.t("termsUrl"), { type: "url" })}
      ${startModeFields(view, false)}
      <div><button type="submit">${view.t("create")}</button></div>`,
  );
  const body = html`${notice("error", error)}${table}<section aria-labelledby="create-app"><h2 id="create-app">${view.t("createApp")}</h2>${form}</section>`;
  return c.html(page(view, view.t("apps"), body), error ? 400 : 200);
}

/** The one page that shows a new client secret: answered to the POST that made it, never again. */
export const secretOnce = (view: View, title: string, appId: string, secret: string) =>
  page(
    view,
    title,
    html`<p class="notice ok" role="status">${view.t("secretOnce")}</p>
      <p><strong>${view.t("clientId")}</strong> <code>${appId}</code></p>
      <p><strong>${view.t("secrets")}</strong></p><output class="secret" aria-label="${view.t("newSecret")}">${secret}</output>
      <p><a href="${appPath(appId)}">${view.t("backToApp")}</a></p>`,
  );

export const appsRouter = createConsoleRouter()
  .get(CONSOLE_PATH, (c) => c.redirect(`${CONSOLE_PATH}/apps`, 303))
  .get(`${CONSOLE_PATH}/apps`, (c) => appsList(c))
  .post(`${CONSOLE_PATH}/apps`, async (c) => {
    const { services, view } = c.var;
    const posted = await form(c);
    const text = (name: string) => posted(name).trim();
    try {
      const input = validNewApp(text, services.config.sandbox.enabled, services.config.webhooks);
      const app = await createApp(services.database, input);
      return c.html(secretOnce(view, view.t("appCreated"), app.clientId, app.clientSecret));
    } catch (error) {
      if (error instanceof SettingsError) return appsList(c, view.t("badInput", { detail: error.message }));
      throw error;
    }
  });

/**
 * The create form's fields, checked by the API's own rules (`SettingsError` with the first one broken); the
 * console's JSON `POST /console/api/v1/apps` checks its body with it too.
 */
export function validNewApp(
  text: (name: string) => string,
  sandbox: boolean,
  webhooks: Parameters<typeof checkWebhookTarget>[1],
) {
  const linkPolicy = { requireHttps: !sandbox };
  const redirectUri = checked(() => checkRedirectUri(text("redirectUri")));
  const webhookUrl = text("webhookUrl") ? checked(() => checkWebhookUrl(text("webhookUrl"))) : null;
  const refused = webhookUrl && checkWebhookTarget(webhookUrl, webhooks);
  if (refused) throw new SettingsError(refused);
  const links = checked(() =>
    checkAppLinks({ privacyPolicyUrl: text("privacyPolicyUrl"), termsUrl: text("termsUrl") }, linkPolicy),
  );
  return {
    name: checkAppName(text("name")),
    redirectUris: [redirectUri],
    webhookUrl,
    startFlowOnly: text("startFlowOnly") === "true",
    privacyPolicyUrl: links.privacyPolicyUrl ?? null,
    termsUrl: links.termsUrl ?? null,
    linkPolicy,
  };
}
