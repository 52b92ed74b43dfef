import type { WebhookEvent } from "@finlink/contracts";
import { html } from "hono/html";
import { ApiError } from "../../lib/problem";
import {
  endpointStatus,
  getEvent,
  listAttempts,
  listEvents,
  recoverEvents,
  replayEvent,
} from "../webhooks/webhooks.service";
import { appPath, appTabs, requireApp } from "./app-tabs";
import { type ConsoleContext, ConsoleNotFound, createConsoleRouter, field, uuidParam } from "./console-env";
import { notice, page, postForm, type View, when } from "./layout";

const PAGE_SIZE = 50;

/** The webhooks service's own refusals (no such event, a bad cursor) are the console's 404. */
async function orNotFound<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) throw new ConsoleNotFound();
    throw error;
  }
}

const replayButton = (view: View, appId: string, event: WebhookEvent) =>
  postForm(
    view,
    appPath(appId, `/webhooks/${event.webhookId}/replay`),
    html`<button type="submit" class="secondary" aria-label="${view.t("replay")} ${event.webhookId}">${view.t("replay")}</button>`,
  );

/** The endpoint's health, the recover form and the delivery log, newest first. */
async function webhooksPage(c: ConsoleContext, message?: string, refused = false) {
  const { view, services } = c.var;
  const t = view.t;
  const app = await requireApp(c);
  const cursor = c.req.query("cursor");
  const [status, events] = await Promise.all([
    endpointStatus(services, app.clientId),
    orNotFound(() => listEvents(services, app.clientId, { limit: PAGE_SIZE, cursor })),
  ]);
  const dayAgo = new Date(services.now().getTime() - 86_400_000).toISOString().slice(0, 16);
  const health = html`<section aria-labelledby="w-endpoint"><h2 id="w-endpoint">${t("endpoint")}</h2>
    <p><code>${app.webhookUrl ?? "—"}</code></p>
    <p class="state-${status.state}">${t("endpointState", { state: status.state })}${status.reason ? ` — ${status.reason}` : ""}</p>
    ${status.failingSince ? html`<p>${t("failingSince", { date: when(status.failingSince, t) })}</p>` : ""}
    ${postForm(
      view,
      appPath(app.clientId, "/webhooks/recover"),
      html`<label for="since">${t("recoverSince")} (UTC)</label>
      <p class="hint" id="since-hint">${t("recoverHint")}</p>
      <input type="datetime-local" id="since" name="since" value="${dayAgo}" required aria-describedby="since-hint">
      <div><button type="submit">${t("reenable")}</button></div>`,
    )}</section>`;
  const rows = events.data.map(
    (
      e,
    ) => html`<tr><td><a href="${appPath(app.clientId, `/webhooks/${e.webhookId}`)}"><code>${e.webhookId}</code></a></td>
      <td>${e.type}</td><td>${e.status}</td><td>${e.delivery.state}</td><td>${e.delivery.attempts}</td>
      <td>${when(e.occurredAt, t)}</td><td>${replayButton(view, app.clientId, e)}</td></tr>`,
  );
  const log = events.data.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("delivery") })}"><table><thead><tr><th scope="col">${t("event")}</th><th scope="col">${t("type")}</th>
        <th scope="col">${t("status")}</th><th scope="col">${t("delivery")}</th><th scope="col">${t("attempts")}</th>
        <th scope="col">${t("created")}</th><th scope="col"><span class="skip">${t("replay")}</span></th></tr></thead><tbody>${rows}</tbody></table></div>
        ${events.nextCursor ? html`<p><a href="?cursor=${events.nextCursor}">→</a></p>` : ""}`
    : html`<p>${t("noEvents")}</p>`;
  const body = html`${appTabs(view, app.clientId, "webhooks")}${notice(refused ? "error" : "ok", message)}${health}
    <section aria-labelledby="w-log"><h2 id="w-log">${t("delivery")}</h2>${log}</section>`;
  return c.html(page(view, `${app.name} · ${t("webhooks")}`, body), refused ? 400 : 200);
}

/** One event with every attempt made to deliver it. */
async function eventPage(c: ConsoleContext, message?: string) {
  const { view, services } = c.var;
  const t = view.t;
  const app = await requireApp(c);
  const id = uuidParam(c, "eventId");
  const [event, attempts] = await orNotFound(() =>
    Promise.all([getEvent(services, app.clientId, id), listAttempts(services, app.clientId, id)]),
  );
  const rows = attempts.map(
    (
      a,
    ) => html`<tr><td>${a.number}${a.manual ? ` (${t("manual")})` : ""}</td><td>${when(a.startedAt, t)}</td><td><code>${a.url}</code></td>
      <td>${a.statusCode ?? "—"}</td><td>${a.latencyMs} ms</td><td><code>${[a.error, a.response].filter(Boolean).join(" · ")}</code></td></tr>`,
  );
  const table = attempts.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("attempts") })}"><table><thead><tr><th scope="col">${t("attempt")}</th><th scope="col">${t("startedAt")}</th>
        <th scope="col">URL</th><th scope="col">${t("statusCode")}</th><th scope="col">${t("latency")}</th><th scope="col">${t("response")}</th></tr></thead>
        <tbody>${rows}</tbody></table></div>`
    : html`<p>${t("noAttempts")}</p>`;
  const body = html`${appTabs(view, app.clientId, "webhooks")}${notice("ok", message)}
    <p>${event.type} · ${event.status} · ${t("delivery")}: <strong>${event.delivery.state}</strong></p>
    ${replayButton(view, app.clientId, event)}<h2>${t("attempts")}</h2>${table}`;
  return c.html(page(view, `${t("event")} ${event.webhookId}`, body));
}

export const webhooksRouter = createConsoleRouter()
  .get("/console/apps/:appId/webhooks", (c) => webhooksPage(c))
  .get("/console/apps/:appId/webhooks/:eventId", (c) =>
    eventPage(c, c.req.query("done") === "replayed" ? c.var.view.t("replayed") : undefined),
  )
  .post("/console/apps/:appId/webhooks/recover", async (c) => {
    const app = await requireApp(c);
    const since = new Date(`${await field(c, "since")}Z`);
    if (Number.isNaN(since.getTime())) return webhooksPage(c, c.var.view.t("dateRequired"), true);
    const { replayed } = await recoverEvents(c.var.services, app.clientId, since);
    return webhooksPage(c, c.var.view.t("recovered", { n: replayed }));
  })
  .post("/console/apps/:appId/webhooks/:eventId/replay", async (c) => {
    const app = await requireApp(c);
    const id = uuidParam(c, "eventId");
    await orNotFound(() => replayEvent(c.var.services, app.clientId, id));
    // Post/redirect/get: reloading the page the operator lands on must not send the event once more.
    return c.redirect(appPath(app.clientId, `/webhooks/${id}?done=replayed`), 303);
  });
