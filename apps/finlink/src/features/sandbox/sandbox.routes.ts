import {
  FireWebhookRequest,
  FireWebhookResponse,
  ResetLoginResponse,
  SandboxPublicTokenRequest,
  SandboxPublicTokenResponse,
  text,
} from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { bearer, errorResponses, jsonContent, problemResponse } from "../../lib/openapi";

const tags = ["Sandbox"];
const ConnectionTokenParams = z.object({ connectionToken: text({ max: 200 }) });
const common = { 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] } as const;

export const publicToken = createRoute({
  method: "post",
  path: "/api/v1/sandbox/public-token",
  tags,
  summary: "Create a connection without Link",
  description:
    "Signs in as a sandbox user (password default `pass_good`), answers its challenges automatically and creates the connection Link would: exchange the answered publicToken as usual.",
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: SandboxPublicTokenRequest } } } },
  responses: {
    200: jsonContent(SandboxPublicTokenResponse, "The one-time publicToken"),
    ...common,
    404: problemResponse("`UNKNOWN_ENTITY`, or `UNKNOWN_REDIRECT` (not this app's redirect id)"),
    400: problemResponse("The sign-in failed: `reason` (`INVALID_CREDENTIALS`, `ACCOUNT_LOCKED`, …) and `retryable`"),
  },
});

export const fireWebhook = createRoute({
  method: "post",
  path: "/api/v1/sandbox/connections/{connectionToken}/fire-webhook",
  tags,
  summary: "Send a webhook of any type now",
  description: "Queues a webhook event for the connection with its current status, to test a receiver.",
  security: bearer,
  request: {
    params: ConnectionTokenParams,
    body: { required: true, content: { "application/json": { schema: FireWebhookRequest } } },
  },
  responses: { 202: jsonContent(FireWebhookResponse, "Queued"), ...common },
});

export const resetLogin = createRoute({
  method: "post",
  path: "/api/v1/sandbox/connections/{connectionToken}/reset-login",
  tags,
  summary: "Simulate a password change at the entity",
  description:
    "Forgets the stored credentials and marks the connection `INVALID_CREDENTIALS` (UPDATE_ERROR with data, ERRORED without) with a restoreToken; sends RESTORE_TOKEN_GENERATED.",
  security: bearer,
  request: { params: ConnectionTokenParams },
  responses: { 200: jsonContent(ResetLoginResponse, "The restore token"), ...common },
});
