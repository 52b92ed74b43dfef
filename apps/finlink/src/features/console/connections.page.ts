import type { ErrorDetails, ErrorReason } from "@finlink/contracts";
import { and, desc, eq } from "drizzle-orm";
import { html } from "hono/html";
import { connections } from "../../db/schema";
import type { Services } from "../../services";
import { deleteConnection } from "../connections/maintenance.service";
import { appPath, appTabs, requireApp } from "./app-tabs";
import { type ConsoleContext, ConsoleNotFound, createConsoleRouter, uuidParam } from "./console-env";
import type { Lang } from "./i18n";
import { notice, page, postForm, when } from "./layout";

/** What each error reason means, for an operator (the API's `errorDetails.reason`). */
const REASONS: Record<ErrorReason, Record<Lang, string>> = {
  INVALID_CREDENTIALS: { en: "The entity refused the user's credentials", es: "La entidad rechazó las credenciales" },
  ACCOUNT_LOCKED: {
    en: "The user's account at the entity is locked",
    es: "La cuenta del usuario en la entidad está bloqueada",
  },
  USER_ACTION_REQUIRED: {
    en: "The user must act at the entity first",
    es: "El usuario debe actuar antes en la entidad",
  },
  ENTITY_UNAVAILABLE: { en: "The entity was unavailable", es: "La entidad no estaba disponible" },
  INVALID_MFA: { en: "The second factor was wrong", es: "El segundo factor era incorrecto" },
  MFA_TIMEOUT: { en: "The second factor was not given in time", es: "El segundo factor no llegó a tiempo" },
  INTERNAL_SERVER_ERROR: { en: "Finlink failed on its side", es: "Finlink falló por su parte" },
};

export function errorInWords(details: ErrorDetails | null, lang: Lang): string {
  if (!details) return "";
  const retry = details.retryable ? { en: " (retryable)", es: " (se puede reintentar)" }[lang] : "";
  return `${REASONS[details.reason]?.[lang] ?? details.reason}${retry}`;
}

// Only what an operator needs to see: no token, hash or credential column is even read.
const safeColumns = {
  id: connections.id,
  entityId: connections.entityId,
  externalId: connections.externalId,
  status: connections.status,
  errorDetails: connections.errorDetails,
  createdAt: connections.createdAt,
  lastSync: connections.lastSync,
};

/** The app's newest 500 connections, safe columns only: the page's table and `GET …/connections` of the JSON API. */
export const listAppConnections = (services: Services, appId: string) =>
  services.database.db
    .select(safeColumns)
    .from(connections)
    .where(eq(connections.appId, appId))
    .orderBy(desc(connections.createdAt))
    .limit(500);

/**
 * Deletes one of the app's connections as the API's DELETE /commands/connections/{token} does (data,
 * credentials, tokens, then the webhook); false when the app has no connection with this id.
 */
export async function deleteAppConnection(services: Services, appId: string, connectionId: string) {
  const [row] = await services.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.appId, appId)));
  if (!row) return false;
  await deleteConnection(services, row);
  return true;
}

async function connectionsPage(c: ConsoleContext, done?: string) {
  const { view, services } = c.var;
  const app = await requireApp(c);
  const rows = await listAppConnections(services, app.clientId);
  const t = view.t;
  const table = rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("connections") })}"><table><thead><tr>
        <th scope="col">Id</th><th scope="col">${t("status")}</th><th scope="col">${t("entity")}</th><th scope="col">${t("externalId")}</th>
        <th scope="col">${t("created")}</th><th scope="col">${t("lastSync")}</th><th scope="col">${t("error")}</th><th scope="col"><span class="skip">${t("delete")}</span></th></tr></thead>
        <tbody>${rows.map(
          (
            row,
          ) => html`<tr><td><code>${row.id}</code></td><td>${row.status}</td><td>${row.entityId}</td><td>${row.externalId ?? ""}</td>
            <td>${when(row.createdAt, t)}</td><td>${when(row.lastSync, t)}</td><td>${errorInWords(row.errorDetails as ErrorDetails | null, view.lang)}</td>
            <td>${postForm(view, appPath(app.clientId, `/connections/${row.id}/delete`), html`<button type="submit" class="secondary" aria-label="${t("deleteConnection")} ${row.id}">${t("delete")}</button>`)}</td></tr>`,
        )}</tbody></table></div>`
    : html`<p>${t("noConnections")}</p>`;
  return c.html(
    page(
      view,
      `${app.name} · ${t("connections")}`,
      html`${appTabs(view, app.clientId, "connections")}${notice("ok", done)}${table}`,
    ),
  );
}

export const connectionsRouter = createConsoleRouter()
  .get("/console/apps/:appId/connections", (c) => connectionsPage(c))
  .post("/console/apps/:appId/connections/:connectionId/delete", async (c) => {
    const app = await requireApp(c);
    if (!(await deleteAppConnection(c.var.services, app.clientId, uuidParam(c, "connectionId")))) {
      throw new ConsoleNotFound();
    }
    return connectionsPage(c, c.var.view.t("saved"));
  });
