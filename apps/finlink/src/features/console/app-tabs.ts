import { html } from "hono/html";
import { getAppSettings } from "../apps/apps.service";
import { type ConsoleContext, ConsoleNotFound, uuidParam } from "./console-env";
import type { View } from "./layout";

export const appPath = (id: string, rest = "") => `/console/apps/${id}${rest}`;

/** The app the path names (`:appId`), or the console's 404. */
export async function requireApp(c: ConsoleContext) {
  const settings = await getAppSettings(c.var.services.database, uuidParam(c, "appId"));
  if (!settings) throw new ConsoleNotFound();
  return settings;
}

/** The app's three pages, the current one marked. */
export const appTabs = (view: View, appId: string, current: "settings" | "connections" | "webhooks") => {
  const tabs = [
    ["settings", appPath(appId)],
    ["connections", appPath(appId, "/connections")],
    ["webhooks", appPath(appId, "/webhooks")],
  ] as const;
  return html`<nav class="tabs" aria-label="${view.t("apps")}">${tabs.map(
    ([key, href]) => html`<a href="${href}"${key === current ? html` aria-current="page"` : ""}>${view.t(key)}</a>`,
  )}</nav>`;
};
