import type { OpenAPIHono } from "@hono/zod-openapi";
import { createRouter } from "../../../app-env";
import { notFound } from "../../../lib/problem";
import { addRedirect, removeRedirect, renameApp, setStartFlowOnly, setWebhookUrl } from "../../apps/app-edit.service";
import { checkAppLinks } from "../../apps/app-links";
import { createApp, getAppSettings, updateAppLinks } from "../../apps/apps.service";
import { createClientSecret, listClientSecrets, revokeClientSecret } from "../../apps/client-secrets.service";
import { checked } from "../../apps/settings-error";
import { endpointStatus, listAttempts, listEvents, recoverEvents, replayEvent } from "../../webhooks/webhooks.service";
import { listApps, validNewApp } from "../apps.page";
import { deleteAppConnection, listAppConnections } from "../connections.page";
import type { ConsoleContext, ConsoleEnv } from "../console-env";
import { csrfToken } from "../console-session";
import { entitiesStatus } from "../entities.page";
import * as appRoutes from "./console-api-apps.routes";
import * as opRoutes from "./console-api-ops.routes";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The app the path names, or 404 `APP_NOT_FOUND` (the services would say "no such app" as a 400). */
async function requireApp(c: ConsoleContext, appId: string) {
  const app = await getAppSettings(c.var.services.database, appId);
  if (!app) throw notFound("No app has this client id", { reason: "APP_NOT_FOUND" });
  return app;
}

const secretsOf = async (c: ConsoleContext, appId: string) =>
  (await listClientSecrets(c.var.services.database, appId)).map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    revokedAt: iso(s.revokedAt),
  }));

/**
 * The console's operations as JSON (decision 011): each calls the service the matching console form calls, so
 * the rules and their words are the same. Same validation hook as the API's routers (400 `VALIDATION_ERROR`).
 */
export const consoleApiOperations = (createRouter() as unknown as OpenAPIHono<ConsoleEnv>)
  .openapi(appRoutes.getSession, (c) =>
    c.json({ username: c.var.session.username, csrfToken: csrfToken(c.var.services, c.var.session) }, 200),
  )
  .openapi(appRoutes.listApps, async (c) =>
    c.json(
      (await listApps(c.var.services.database)).map((a) => ({
        clientId: a.id,
        name: a.name,
        createdAt: a.createdAt.toISOString(),
      })),
      200,
    ),
  )
  .openapi(appRoutes.createApp, async (c) => {
    const { services } = c.var;
    const body = c.req.valid("json");
    // The body as the form's fields (text, "true"/"false"): `validNewApp` checks both the same way.
    const fields = new Map(
      Object.entries(body).map(([name, value]) => [
        name,
        typeof value === "boolean" ? String(value) : (value ?? "").trim(),
      ]),
    );
    const input = validNewApp(
      (name) => fields.get(name) ?? "",
      services.config.sandbox.enabled,
      services.config.webhooks,
    );
    const app = await createApp(services.database, input);
    return c.json({ app: await requireApp(c, app.clientId), clientSecret: app.clientSecret }, 201);
  })
  .openapi(appRoutes.getApp, async (c) => c.json(await requireApp(c, c.req.valid("param").appId), 200))
  .openapi(appRoutes.renameApp, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    await renameApp(c.var.services.database, appId, c.req.valid("json").name);
    return c.json(await requireApp(c, appId), 200);
  })
  .openapi(appRoutes.addRedirect, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    await addRedirect(c.var.services.database, appId, c.req.valid("json").redirectUri);
    return c.json(await requireApp(c, appId), 201);
  })
  .openapi(appRoutes.removeRedirect, async (c) => {
    const { appId, redirectId } = c.req.valid("param");
    await requireApp(c, appId);
    await removeRedirect(c.var.services.database, appId, redirectId);
    return c.json(await requireApp(c, appId), 200);
  })
  .openapi(appRoutes.setWebhookUrl, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    const { services } = c.var;
    await setWebhookUrl(services.database, appId, c.req.valid("json").webhookUrl ?? "", services.config.webhooks);
    return c.json(await requireApp(c, appId), 200);
  })
  .openapi(appRoutes.setLinks, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    const links = c.req.valid("json");
    const policy = { requireHttps: !c.var.services.config.sandbox.enabled };
    // Checked first, as the form does, so a broken rule is a SettingsError in words (400), not a fault.
    checked(() => checkAppLinks(links, policy));
    await updateAppLinks(c.var.services.database, appId, links, policy);
    return c.json(await requireApp(c, appId), 200);
  })
  .openapi(appRoutes.setStartMode, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    await setStartFlowOnly(c.var.services.database, appId, c.req.valid("json").startFlowOnly);
    return c.json(await requireApp(c, appId), 200);
  })
  .openapi(appRoutes.listSecrets, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await secretsOf(c, appId), 200);
  })
  .openapi(appRoutes.createSecret, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await createClientSecret(c.var.services.database, appId), 201);
  })
  .openapi(appRoutes.revokeSecret, async (c) => {
    const { appId, secretId } = c.req.valid("param");
    await requireApp(c, appId);
    await revokeClientSecret(c.var.services.database, appId, secretId, c.var.services.now());
    return c.json(await secretsOf(c, appId), 200);
  })
  .openapi(opRoutes.listConnections, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    const rows = await listAppConnections(c.var.services, appId);
    return c.json(
      rows.map((row) => ({
        ...row,
        errorDetails: row.errorDetails ?? null,
        createdAt: row.createdAt.toISOString(),
        lastSync: iso(row.lastSync),
      })),
      200,
    );
  })
  .openapi(opRoutes.deleteConnection, async (c) => {
    const { appId, connectionId } = c.req.valid("param");
    await requireApp(c, appId);
    if (!(await deleteAppConnection(c.var.services, appId, connectionId)))
      throw notFound("No connection of this app has this id", { reason: "CONNECTION_NOT_FOUND" });
    return c.body(null, 204);
  })
  .openapi(opRoutes.listWebhooks, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await listEvents(c.var.services, appId, c.req.valid("query")), 200);
  })
  .openapi(opRoutes.listWebhookAttempts, async (c) => {
    const { appId, eventId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await listAttempts(c.var.services, appId, eventId), 200);
  })
  .openapi(opRoutes.replayWebhook, async (c) => {
    const { appId, eventId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await replayEvent(c.var.services, appId, eventId), 202);
  })
  .openapi(opRoutes.recoverWebhooks, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await recoverEvents(c.var.services, appId, new Date(c.req.valid("json").since)), 202);
  })
  .openapi(opRoutes.getEndpoint, async (c) => {
    const { appId } = c.req.valid("param");
    await requireApp(c, appId);
    return c.json(await endpointStatus(c.var.services, appId), 200);
  })
  .openapi(opRoutes.listEntities, async (c) =>
    c.json(
      (await entitiesStatus(c.var.services)).map(({ id, name, products, status }) => ({ id, name, products, status })),
      200,
    ),
  );
