import {
  PageQuery,
  WebhookAttempt,
  WebhookEndpointStatus,
  WebhookEvent,
  WebhookEventPage,
  WebhookRecoverRequest,
  WebhookRecoverResponse,
} from "@finlink/contracts";
import { z } from "@hono/zod-openapi";
import { AppAnd, AppId, ConsoleConnection, EntityHealth } from "./console-api.schemas";
import {
  appNotFound,
  CONSOLE_API,
  consoleRoute,
  invalid,
  jsonBody,
  jsonContent,
  problemResponse,
} from "./console-api-shared";

const eventNotFound = problemResponse("`APP_NOT_FOUND`, or `WEBHOOK_NOT_FOUND`: no event of this app has this id");
const EventParams = AppAnd("eventId", "The event's `webhookId`");

export const listConnections = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}/connections`,
  summary: "An app's newest 500 connections: status, entity, externalId, dates, error — never a token",
  request: { params: AppId },
  responses: { 200: jsonContent(z.array(ConsoleConnection), "Newest first"), 400: invalid, 404: appNotFound },
});

export const deleteConnection = consoleRoute({
  method: "delete",
  path: `${CONSOLE_API}/apps/{appId}/connections/{connectionId}`,
  summary: "Delete a connection: its data, credentials and tokens (as `DELETE /commands/connections/{token}`)",
  request: { params: AppAnd("connectionId", "The connection's id") },
  responses: {
    204: { description: "Deleted" },
    400: invalid,
    404: problemResponse("`APP_NOT_FOUND`, or `CONNECTION_NOT_FOUND`: no connection of this app has this id"),
  },
});

export const listWebhooks = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}/webhooks`,
  summary: "An app's webhook events and their delivery, newest first",
  request: { params: AppId, query: PageQuery },
  responses: {
    200: jsonContent(WebhookEventPage, "A page of events"),
    400: problemResponse("A bad parameter, or `INVALID_CURSOR`"),
    404: appNotFound,
  },
});

export const listWebhookAttempts = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}/webhooks/{eventId}/attempts`,
  summary: "Every delivery attempt of one event, oldest first",
  request: { params: EventParams },
  responses: { 200: jsonContent(z.array(WebhookAttempt), "Attempts"), 400: invalid, 404: eventNotFound },
});

export const replayWebhook = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps/{appId}/webhooks/{eventId}/replay`,
  summary: "Send one event again now (as `POST /commands/webhooks/{id}/replay`)",
  request: { params: EventParams },
  responses: { 202: jsonContent(WebhookEvent, "Queued"), 400: invalid, 404: eventNotFound },
});

export const recoverWebhooks = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps/{appId}/webhooks/recover`,
  summary: "Re-enable the endpoint and send what it missed since a time (as `POST /commands/webhooks/recover`)",
  request: { params: AppId, ...jsonBody(WebhookRecoverRequest) },
  responses: { 202: jsonContent(WebhookRecoverResponse, "Queued"), 400: invalid, 404: appNotFound },
});

export const getEndpoint = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}/webhook-endpoint`,
  summary: "The health of the app's webhook endpoint (failing, disabled)",
  request: { params: AppId },
  responses: { 200: jsonContent(WebhookEndpointStatus, "Health"), 400: invalid, 404: appNotFound },
});

export const listEntities = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/entities`,
  summary: "Every entity with its status (up or down) as Link shows it",
  responses: { 200: jsonContent(z.array(EntityHealth), "Entities") },
});
