import { PublicJwk } from "@finlink/contracts";
import { createRouter } from "../../app-env";
import { notFound } from "../../lib/problem";
import * as routes from "./webhooks.routes";
import { getEvent, listAttempts, listEvents, recoverEvents, replayEvent } from "./webhooks.service";

export const webhooksRouter = createRouter()
  .openapi(routes.getVerificationKey, async (c) => {
    const jwk = await c.var.services.keys.webhookJwk(c.req.valid("param").keyId);
    if (!jwk) throw notFound("No webhook verification key has this id", { reason: "UNKNOWN_KEY" });
    // An hour: well inside a retired key's 3 days of grace.
    c.header("Cache-Control", "public, max-age=3600");
    return c.json(PublicJwk.parse(jwk), 200);
  })
  .openapi(routes.listWebhooks, async (c) =>
    c.json(await listEvents(c.var.services, c.var.auth.appId, c.req.valid("query")), 200),
  )
  .openapi(routes.getWebhook, async (c) =>
    c.json(await getEvent(c.var.services, c.var.auth.appId, c.req.valid("param").webhookId), 200),
  )
  .openapi(routes.listWebhookAttempts, async (c) =>
    c.json(await listAttempts(c.var.services, c.var.auth.appId, c.req.valid("param").webhookId), 200),
  )
  .openapi(routes.replayWebhook, async (c) =>
    c.json(await replayEvent(c.var.services, c.var.auth.appId, c.req.valid("param").webhookId), 202),
  )
  .openapi(routes.recoverWebhooks, async (c) =>
    c.json(await recoverEvents(c.var.services, c.var.auth.appId, new Date(c.req.valid("json").since)), 202),
  );
