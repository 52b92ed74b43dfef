import { z } from "@hono/zod-openapi";
import {
  AppAnd,
  AppId,
  ClientSecretInfo,
  ConsoleApp,
  ConsoleAppSummary,
  ConsoleSession,
  CreatedConsoleApp,
  LinksBody,
  NameBody,
  NewClientSecret,
  NewConsoleApp,
  RedirectBody,
  StartModeBody,
  WebhookUrlBody,
} from "./console-api.schemas";
import { appNotFound, CONSOLE_API, consoleRoute, invalid, jsonBody, jsonContent } from "./console-api-shared";

const settings = (description: string) => ({
  200: jsonContent(ConsoleApp, description),
  400: invalid,
  404: appNotFound,
});

export const getSession = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/session`,
  summary: "The signed-in operator and the session's CSRF token",
  description:
    "Sign in through the form (`POST /console/sign-in`, with an `Origin` header equal to the console's origin), keep the `finlink_console` cookie, then read the CSRF token here: every write needs it as `X-CSRF-Token`, and `Origin` too.",
  responses: { 200: jsonContent(ConsoleSession, "The session") },
});

export const listApps = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps`,
  summary: "Every app, newest first",
  responses: { 200: jsonContent(z.array(ConsoleAppSummary), "Apps") },
});

export const createApp = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps`,
  summary: "Create an app (answers its first client secret, once)",
  description:
    "The console's create form and `finlink apps create`: the API's redirect and webhook URL rules, the webhook SSRF rules, https consent links outside sandbox mode.",
  request: jsonBody(NewConsoleApp),
  responses: { 201: jsonContent(CreatedConsoleApp, "Created"), 400: invalid },
});

export const getApp = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}`,
  summary: "An app's settings",
  request: { params: AppId },
  responses: settings("Settings"),
});

export const renameApp = consoleRoute({
  method: "put",
  path: `${CONSOLE_API}/apps/{appId}/name`,
  summary: "Rename an app",
  request: { params: AppId, ...jsonBody(NameBody) },
  responses: settings("Renamed"),
});

export const addRedirect = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps/{appId}/redirects`,
  summary: "Register one more redirect URI (at most 5)",
  request: { params: AppId, ...jsonBody(RedirectBody) },
  responses: {
    201: jsonContent(ConsoleApp, "Added: the settings, the new redirect with its id"),
    400: invalid,
    404: appNotFound,
  },
});

export const removeRedirect = consoleRoute({
  method: "delete",
  path: `${CONSOLE_API}/apps/{appId}/redirects/{redirectId}`,
  summary: "Remove a redirect URI (an app keeps at least one)",
  request: { params: AppAnd("redirectId", "The redirect's id") },
  responses: settings("Removed"),
});

export const setWebhookUrl = consoleRoute({
  method: "put",
  path: `${CONSOLE_API}/apps/{appId}/webhook-url`,
  summary: "Set or remove the webhook URL",
  request: { params: AppId, ...jsonBody(WebhookUrlBody) },
  responses: settings("Saved"),
});

export const setLinks = consoleRoute({
  method: "put",
  path: `${CONSOLE_API}/apps/{appId}/links`,
  summary: "Set the privacy-policy and terms links Link's consent screen shows",
  request: { params: AppId, ...jsonBody(LinksBody) },
  responses: settings("Saved"),
});

export const setStartMode = consoleRoute({
  method: "put",
  path: `${CONSOLE_API}/apps/{appId}/start-mode`,
  summary: "Whether Link may start from URL parameters or only from start tokens",
  request: { params: AppId, ...jsonBody(StartModeBody) },
  responses: settings("Saved"),
});

export const listSecrets = consoleRoute({
  method: "get",
  path: `${CONSOLE_API}/apps/{appId}/secrets`,
  summary: "An app's client secrets: ids and dates, never a secret or its hash",
  request: { params: AppId },
  responses: { 200: jsonContent(z.array(ClientSecretInfo), "Oldest first"), 400: invalid, 404: appNotFound },
});

export const createSecret = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps/{appId}/secrets`,
  summary: "Make a new client secret (at most 5 live ones); the answer is the only time it is seen",
  request: { params: AppId },
  responses: { 201: jsonContent(NewClientSecret, "Created"), 400: invalid, 404: appNotFound },
});

export const revokeSecret = consoleRoute({
  method: "post",
  path: `${CONSOLE_API}/apps/{appId}/secrets/{secretId}/revoke`,
  summary: "Revoke a client secret: API login refuses it from now on",
  request: { params: AppAnd("secretId", "The secret's id") },
  responses: { 200: jsonContent(z.array(ClientSecretInfo), "The app's secrets"), 400: invalid, 404: appNotFound },
});
