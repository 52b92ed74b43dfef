import { html } from "hono/html";
import { addRedirect, removeRedirect, renameApp, setStartFlowOnly, setWebhookUrl } from "../apps/app-edit.service";
import { checkAppLinks } from "../apps/app-links";
import { updateAppLinks } from "../apps/apps.service";
import { createClientSecret, listClientSecrets, revokeClientSecret } from "../apps/client-secrets.service";
import { checked, SettingsError } from "../apps/settings-error";
import { appPath, appTabs, requireApp } from "./app-tabs";
import { input, secretOnce, startModeFields } from "./apps.page";
import { type ConsoleContext, createConsoleRouter, field, uuidParam } from "./console-env";
import { notice, page, postForm, when } from "./layout";

const saveButton = (label: string) => html`<div><button type="submit">${label}</button></div>`;

/** The app's settings page; `message` is the outcome of the form just sent. */
async function settingsPage(c: ConsoleContext, message?: { kind: "ok" | "error"; text: string }) {
  const { view, services } = c.var;
  const app = await requireApp(c);
  const secrets = await listClientSecrets(services.database, app.clientId);
  const path = (rest: string) => appPath(app.clientId, rest);
  const redirects = html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("redirects") })}"><table>
      <caption class="hint">${view.t("redirects")} (${app.redirects.length}/5)</caption>
      <thead><tr><th scope="col">${view.t("redirectUri")}</th><th scope="col">${view.t("redirectId")}</th><th scope="col"><span class="skip">${view.t("delete")}</span></th></tr></thead>
      <tbody>${app.redirects.map(
        (r) => html`<tr><td><code>${r.uri}</code></td><td><code>${r.id}</code></td>
          <td>${postForm(view, path(`/redirects/${r.id}/delete`), html`<button type="submit" class="secondary" aria-label="${view.t("delete")} ${r.uri}">${view.t("delete")}</button>`)}</td></tr>`,
      )}</tbody></table></div>
    ${postForm(view, path("/redirects"), html`${input("redirectUri", view.t("redirectUri"), { type: "url", required: true })}${saveButton(view.t("add"))}`)}`;
  const secretRows = secrets.map(
    (s) => html`<tr><td><code>${s.id}</code></td><td>${when(s.createdAt, view.t)}</td>
      <td>${s.revokedAt ? view.t("secretRevoked", { date: when(s.revokedAt, view.t) }) : view.t("secretLive")}</td>
      <td>${s.revokedAt ? "" : postForm(view, path(`/secrets/${s.id}/revoke`), html`<button type="submit" class="secondary" aria-label="${view.t("revoke")} ${s.id}">${view.t("revoke")}</button>`)}</td></tr>`,
  );
  const body = html`${appTabs(view, app.clientId, "settings")}
    ${notice(message?.kind ?? "ok", message?.text)}
    <p><strong>${view.t("clientId")}</strong> <code>${app.clientId}</code></p>
    <section aria-labelledby="s-name"><h2 id="s-name">${view.t("name")}</h2>
      ${postForm(view, path("/name"), html`${input("name", view.t("name"), { value: app.name, required: true })}${saveButton(view.t("save"))}`)}</section>
    <section aria-labelledby="s-redirects"><h2 id="s-redirects">${view.t("redirects")}</h2>${redirects}</section>
    <section aria-labelledby="s-webhook"><h2 id="s-webhook">${view.t("webhookUrl")}</h2>
      ${postForm(view, path("/webhook-url"), html`${input("webhookUrl", view.t("webhookUrl"), { type: "url", value: app.webhookUrl ?? "", hint: view.t("webhookUrlHint") })}${saveButton(view.t("save"))}`)}</section>
    <section aria-labelledby="s-links"><h2 id="s-links">${view.t("consentLinks")}</h2><p class="hint">${view.t("linksHint")}</p>
      ${postForm(view, path("/links"), html`${input("privacyPolicyUrl", view.t("privacyPolicyUrl"), { type: "url", value: app.privacyPolicyUrl ?? "" })}${input("termsUrl", view.t("termsUrl"), { type: "url", value: app.termsUrl ?? "" })}${saveButton(view.t("save"))}`)}</section>
    <section aria-labelledby="s-start"><h2 id="s-start">${view.t("startMode")}</h2>
      ${postForm(view, path("/start-mode"), html`${startModeFields(view, app.startFlowOnly)}${saveButton(view.t("save"))}`)}</section>
    <section aria-labelledby="s-secrets"><h2 id="s-secrets">${view.t("secrets")}</h2><p class="hint">${view.t("secretsHint")}</p>
      <div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("secrets") })}"><table><thead><tr><th scope="col">Id</th><th scope="col">${view.t("created")}</th><th scope="col">${view.t("status")}</th><th scope="col"><span class="skip">${view.t("revoke")}</span></th></tr></thead>
      <tbody>${secretRows}</tbody></table></div>
      ${postForm(view, path("/secrets"), saveButton(view.t("newSecret")))}</section>`;
  return c.html(page(view, app.name, body), message?.kind === "error" ? 400 : 200);
}

/**
 * A settings form's action: runs `change` on the app, then shows the page with "Saved." or, for a rule it
 * broke, the rule in words (400). Unknown apps are the console's 404.
 */
const change = (run: (c: ConsoleContext, appId: string) => Promise<unknown>) => async (c: ConsoleContext) => {
  const app = await requireApp(c);
  try {
    await run(c, app.clientId);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return settingsPage(c, { kind: "error", text: c.var.view.t("badInput", { detail: error.message }) });
  }
  return settingsPage(c, { kind: "ok", text: c.var.view.t("saved") });
};

export const appSettingsRouter = createConsoleRouter()
  .get("/console/apps/:appId", (c) => settingsPage(c))
  .post(
    "/console/apps/:appId/name",
    change(async (c, id) => renameApp(c.var.services.database, id, await field(c, "name"))),
  )
  .post(
    "/console/apps/:appId/redirects",
    change(async (c, id) => addRedirect(c.var.services.database, id, await field(c, "redirectUri"))),
  )
  .post(
    "/console/apps/:appId/redirects/:redirectId/delete",
    change((c, id) => removeRedirect(c.var.services.database, id, uuidParam(c, "redirectId"))),
  )
  .post(
    "/console/apps/:appId/webhook-url",
    change(async (c, id) =>
      setWebhookUrl(c.var.services.database, id, await field(c, "webhookUrl"), c.var.services.config.webhooks),
    ),
  )
  .post(
    "/console/apps/:appId/links",
    change(async (c, id) => {
      const links = { privacyPolicyUrl: await field(c, "privacyPolicyUrl"), termsUrl: await field(c, "termsUrl") };
      const policy = { requireHttps: !c.var.services.config.sandbox.enabled };
      // Checked first, by the same rules `updateAppLinks` applies, so a broken rule is shown in words.
      checked(() => checkAppLinks(links, policy));
      await updateAppLinks(c.var.services.database, id, links, policy);
    }),
  )
  .post(
    "/console/apps/:appId/start-mode",
    change(async (c, id) =>
      setStartFlowOnly(c.var.services.database, id, (await field(c, "startFlowOnly")) === "true"),
    ),
  )
  .post("/console/apps/:appId/secrets", async (c) => {
    const app = await requireApp(c);
    try {
      const { secret } = await createClientSecret(c.var.services.database, app.clientId);
      return c.html(secretOnce(c.var.view, c.var.view.t("secretCreated"), app.clientId, secret));
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      return settingsPage(c, { kind: "error", text: c.var.view.t("badInput", { detail: error.message }) });
    }
  })
  .post(
    "/console/apps/:appId/secrets/:secretId/revoke",
    change((c, id) => revokeClientSecret(c.var.services.database, id, uuidParam(c, "secretId"), c.var.services.now())),
  );
