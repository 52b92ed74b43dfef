import {
  PageQuery,
  PublicJwk,
  text,
  WebhookAttempt,
  WebhookDeliveryState,
  WebhookEvent,
  WebhookEventPage,
  WebhookRecoverRequest,
  WebhookRecoverResponse,
} from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { bearer, errorResponses, jsonContent, problemResponse } from "../../lib/openapi";

const tags = ["Webhooks"];
const common = { 401: errorResponses[401], 403: errorResponses[403] } as const;
const WebhookParams = z.object({ webhookId: z.uuid().meta({ description: "The event's `webhookId`" }) });
const notFound = problemResponse("`WEBHOOK_NOT_FOUND`: no event of the calling app has this id");

export const getVerificationKey = createRoute({
  method: "get",
  path: "/api/v1/webhook_verification/{keyId}",
  tags,
  summary: "Public key that verifies webhook signatures",
  security: [],
  description:
    "The `kid` of a webhook's `vumi-verification` JWT (a UUID) names the key. Answers the public JWK (`kty`, `crv`, `x`, `y`, `alg`, `kid`, `use`). No authentication. A key replaced by `finlink keys rotate` keeps answering for the retry window plus a day (3 days).",
  request: { params: z.object({ keyId: text({ max: 100 }) }) },
  responses: {
    200: { description: "Public JWK (ES256)", content: { "application/json": { schema: PublicJwk } } },
    404: errorResponses[404],
  },
});

export const listWebhooks = createRoute({
  method: "get",
  path: "/api/v1/queries/webhooks",
  tags,
  summary: "The app's webhook events and their delivery",
  description:
    "Extension (not in Vumi's API). Newest first, `limit` (1–1000, default 100) and an opaque `cursor`. Every event recorded for the app, sent or not, for the retention period (30 days by default).",
  security: bearer,
  request: {
    query: PageQuery.extend({
      status: WebhookDeliveryState.optional(),
      connectionId: z.uuid().optional().meta({ description: "Only this connection's events" }),
    }),
  },
  responses: {
    200: jsonContent(WebhookEventPage, "A page of events"),
    ...common,
    400: problemResponse("A bad filter, or `INVALID_CURSOR`"),
  },
});

export const getWebhook = createRoute({
  method: "get",
  path: "/api/v1/queries/webhooks/{webhookId}",
  tags,
  summary: "One webhook event and its delivery",
  description: "Extension (not in Vumi's API).",
  security: bearer,
  request: { params: WebhookParams },
  responses: { 200: jsonContent(WebhookEvent, "The event"), ...common, 400: errorResponses[400], 404: notFound },
});

export const listWebhookAttempts = createRoute({
  method: "get",
  path: "/api/v1/queries/webhooks/{webhookId}/attempts",
  tags,
  summary: "Every delivery attempt of one event",
  description:
    "Extension (not in Vumi's API). Oldest first: when, to which URL, the answer's status, latency and first 2 KB, or the error when no answer came.",
  security: bearer,
  request: { params: WebhookParams },
  responses: {
    200: jsonContent(z.array(WebhookAttempt), "Attempts, oldest first"),
    ...common,
    400: errorResponses[400],
    404: notFound,
  },
});

export const replayWebhook = createRoute({
  method: "post",
  path: "/api/v1/commands/webhooks/{webhookId}/replay",
  tags,
  summary: "Send one event again",
  description:
    "Extension (not in Vumi's API). Sends the event again now with a fresh retry schedule, whatever its state, even while the endpoint is failing (the endpoint stays failing: `recover` re-enables it). The body keeps its `webhookId`.",
  security: bearer,
  request: { params: WebhookParams },
  responses: {
    202: jsonContent(WebhookEvent, "Queued"),
    ...common,
    400: errorResponses[400],
    404: notFound,
  },
});

export const recoverWebhooks = createRoute({
  method: "post",
  path: "/api/v1/commands/webhooks/recover",
  tags,
  summary: "Re-enable the endpoint and send what it missed",
  description:
    "Extension (not in Vumi's API). Marks the endpoint ACTIVE and replays every event that `FAILED` since `since` plus every event `WAITING` while it was failing or disabled (at most 10,000 per call; call again for more).",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: WebhookRecoverRequest } } } },
  responses: {
    202: jsonContent(WebhookRecoverResponse, "Queued"),
    ...common,
    400: errorResponses[400],
  },
});
