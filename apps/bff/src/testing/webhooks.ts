import { createHash } from "node:crypto";
import type { WebhookPayload, WebhookType } from "@finlink/contracts";
import type { BffTestContext } from "./test-context";

const STATUS_OF: Record<WebhookType, WebhookPayload["status"]> = {
  CONNECTION_READY: "READY",
  CONNECTION_UPDATED: "READY",
  CONNECTION_ERRORED: "ERRORED",
  CONNECTION_UPDATE_ERROR: "UPDATE_ERROR",
  UPDATE_TOKEN_GENERATED: "READY",
  RESTORE_TOKEN_GENERATED: "UPDATE_ERROR",
  CONNECTION_DELETED: "DELETED",
};

/** A webhook body as Finlink sends it, for Finlink's connection id `connectionId` (a new webhookId each time). */
export const webhookEvent = (
  connectionId: string,
  type: WebhookType,
  overrides: Partial<WebhookPayload> = {},
): WebhookPayload => ({
  webhookId: crypto.randomUUID(),
  type,
  connectionId,
  externalId: null,
  status: STATUS_OF[type],
  occurredAt: new Date().toISOString(),
  ...overrides,
});

/** What a delivery carries: the exact body and its headers. */
export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** Signs `body` with the in-process Finlink's own webhook key, as its sender does (purpose "webhook", typ JWT). */
export async function finlinkSigned(ctx: BffTestContext, event: WebhookPayload | string): Promise<Delivery> {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  const jwt = await ctx.finlink.services.keys.sign(
    "webhook",
    { request_body_sha256: createHash("sha256").update(body).digest("hex") },
    { typ: "JWT" },
  );
  return { body, headers: { "content-type": "application/json", "vumi-verification": jwt } };
}

/** POSTs a delivery to `/webhooks/finlink` as Finlink does: no cookie, no Origin, nothing of a browser's. */
export const deliver = (ctx: BffTestContext, delivery: Delivery) =>
  ctx.app.request(`${ctx.config.appUrl}/webhooks/finlink`, {
    method: "POST",
    body: delivery.body,
    headers: delivery.headers,
  });

/** The Finlink status reads the BFF made (`GET /api/v1/queries/connections/{token}`). */
export const statusReads = (ctx: BffTestContext) =>
  ctx.finlinkCalls.filter((c) => c.method === "GET" && /^\/api\/v1\/queries\/connections\/con_[^/]+$/.test(c.path))
    .length;
