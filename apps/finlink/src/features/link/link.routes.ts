import {
  CreateLinkSessionRequest,
  CreateLinkSessionResponse,
  ExitLinkRequest,
  ExitLinkResponse,
  FinishLinkResponse,
  LinkEntitiesQuery,
  LinkEntity,
  LinkSession,
  LinkSignInResponse,
  SubmitCredentialsRequest,
  SubmitMfaRequest,
} from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, jsonContent, problemResponse } from "../../lib/openapi";
import { LINK_SESSION_SCHEME } from "./link-session";

const tags = ["Link"];
const security = [{ [LINK_SESSION_SCHEME]: [] }];
const body = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { required, content: { "application/json": { schema } } },
});
const expired = problemResponse("`SESSION_EXPIRED`: missing, unknown or expired session token");
const signInErrors = {
  401: problemResponse("`SESSION_EXPIRED`, or `INVALID_CREDENTIALS` with `remainingAttempts`"),
  403: problemResponse("`ACCOUNT_LOCKED`"),
  409: problemResponse("`STALE_CHALLENGE` (MFA), `SESSION_DONE`"),
  400: problemResponse(
    "`INVALID_MFA`, `MFA_TIMEOUT`, `USER_ACTION_REQUIRED`, `ENTITY_MISMATCH`, `USERNAME_MISMATCH`, `UNSUPPORTED_PRODUCT`, …",
  ),
  429: problemResponse(
    "`TOO_MANY_ATTEMPTS`: the session locked after 5 failed attempts; `SIGN_IN_THROTTLED` (with `Retry-After`): 10 wrong passwords or MFA answers for this entity user in 15 minutes, across sessions; `ADDRESS_THROTTLED`: 50 from this client address",
  ),
  503: problemResponse("`ENTITY_UNAVAILABLE`"),
} as const;
const signInDescription =
  "Failures are problem+json with `reason`, `retryable` and the session's `step` afterwards (the screen to show).";

export const createSession = createRoute({
  method: "post",
  path: "/api/v1/link/sessions",
  tags,
  summary: "Open a Link session",
  description:
    "From a start token (`authToken`/`token`, whose claims replace the URL parameters) or from URL parameters with a redirect `id`. The answer's `sessionToken` authenticates the other Link calls as `X-Link-Session` for 30 minutes.",
  request: body(CreateLinkSessionRequest),
  responses: {
    201: jsonContent(CreateLinkSessionResponse, "The session"),
    400: problemResponse(
      "`START_REQUIRED`: neither a start token nor a redirect id; `START_CONFLICT`: both, or `authToken` and `token` with different values (empty values count as absent); `UNSUPPORTED_PRODUCT`: the entity does not offer the product",
    ),
    401: problemResponse("`INVALID_START_TOKEN`: forged or expired start token"),
    403: problemResponse("`START_FLOW_REQUIRED`: the app accepts only start tokens"),
    404: problemResponse(
      "`UNKNOWN_REDIRECT`, `UNKNOWN_ENTITY` or `UNKNOWN_TOKEN` (an update/restore token unknown, of another app or expired)",
    ),
    429: problemResponse(
      "`SESSIONS_THROTTLED` (with `Retry-After`): 60 sessions opened from this client address in 10 minutes",
    ),
  },
});

export const getSession = createRoute({
  method: "get",
  path: "/api/v1/link/session",
  tags,
  summary: "The Link session",
  description: "Where the session stands, so the widget can resume after a reload.",
  security,
  responses: {
    200: jsonContent(LinkSession, "The session"),
    401: expired,
    404: problemResponse("`UNKNOWN_REDIRECT`: the app's redirect was removed since the session opened"),
  },
});

export const listEntities = createRoute({
  method: "get",
  path: "/api/v1/link/entities",
  tags,
  summary: "Entities the session may connect",
  description: "Those offering the session's product, matching `q` (name or id, ignoring case and accents), by name.",
  security,
  request: { query: LinkEntitiesQuery },
  responses: { 200: jsonContent(z.array(LinkEntity), "Entities"), 400: errorResponses[400], 401: expired },
});

export const submitCredentials = createRoute({
  method: "post",
  path: "/api/v1/link/session/credentials",
  tags,
  summary: "Sign in at the entity",
  description: `The fields must be the entity's \`credentialFields\`. ${signInDescription}`,
  security,
  request: body(SubmitCredentialsRequest),
  responses: {
    200: jsonContent(LinkSignInResponse, "A challenge, or signed in"),
    404: errorResponses[404],
    ...signInErrors,
  },
});

export const submitMfa = createRoute({
  method: "post",
  path: "/api/v1/link/session/mfa",
  tags,
  summary: "Answer the pending challenge",
  description: `An APP approval is polled with \`{type: "POLL"}\` about once a second. ${signInDescription}`,
  security,
  request: body(SubmitMfaRequest),
  responses: { 200: jsonContent(LinkSignInResponse, "Another challenge, or signed in"), ...signInErrors },
});

export const finishSession = createRoute({
  method: "post",
  path: "/api/v1/link/session/finish",
  tags,
  summary: "Create (or update) the connection",
  description:
    "CONNECT creates the connection and answers the redirect URL with `publicToken` (also as `token`); UPDATE stores the new credentials and starts an update, and the redirect carries the update or restore token.",
  security,
  responses: {
    200: jsonContent(FinishLinkResponse, "Where to navigate"),
    401: expired,
    409: problemResponse("`NOT_AUTHENTICATED`: not signed in, or already finished"),
    410: problemResponse("`CONNECTION_GONE`: the connection being updated was deleted"),
  },
});

export const exitSession = createRoute({
  method: "post",
  path: "/api/v1/link/session/exit",
  tags,
  summary: "Leave without a connection",
  security,
  request: body(ExitLinkRequest, false),
  responses: {
    200: jsonContent(ExitLinkResponse, "Where to navigate: the redirect with `error=USER_EXIT`"),
    401: expired,
    409: problemResponse("`SESSION_DONE`"),
  },
});
