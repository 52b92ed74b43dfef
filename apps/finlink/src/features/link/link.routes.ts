import {
  CompleteRedirectRequest,
  CompleteRedirectResponse,
  CreateLinkSessionRequest,
  CreateLinkSessionResponse,
  ExitLinkRequest,
  ExitLinkResponse,
  FinishLinkResponse,
  LinkEntitiesQuery,
  LinkEntity,
  LinkSession,
  LinkSignInResponse,
  StartRedirectRequest,
  StartRedirectResponse,
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
    409: problemResponse(
      "`NOT_AUTHENTICATED`: not signed in, or already finished; `SIGN_IN_DENIED`: the user refused at the bank",
    ),
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

export const startRedirect = createRoute({
  method: "post",
  path: "/api/v1/link/session/redirect",
  tags,
  summary: "Start a sign-in on the bank's own page",
  description:
    "For an entity with `signIn: \"REDIRECT\"`: answers where to send the user — Finlink's own `/link/redirect/begin?ticket=…` (single-use), which binds the redirect to that browser with an HttpOnly cookie and 303s to the bank's authorize URL (a fresh `state` and PKCE S256 challenge; Finlink keeps the verifier) — and when the redirect lapses (10 minutes, or the session's end). Open it top-level: a popup from an iframe, else navigate. Asking again replaces the pending redirect; 10 starts per session. Not counted as a sign-in attempt (the password goes to the bank). Refused once signed in, and after a refusal at the bank.",
  security,
  request: body(StartRedirectRequest),
  responses: {
    200: jsonContent(StartRedirectResponse, "Where to send the user"),
    400: problemResponse(
      "`NOT_REDIRECT_ENTITY` (the entity signs in on Link's form), `ENTITY_MISMATCH`, `UNSUPPORTED_PRODUCT`",
    ),
    401: expired,
    404: errorResponses[404],
    409: problemResponse(
      "`SESSION_DONE`; `ALREADY_AUTHENTICATED` (signed in: finish); `SIGN_IN_DENIED` (refused at the bank: only exit)",
    ),
    429: problemResponse(
      "`TOO_MANY_ATTEMPTS`: the session is locked; `REDIRECT_STARTS_EXCEEDED`: 10 redirects started in this session",
    ),
    503: problemResponse("`ENTITY_UNAVAILABLE`"),
  },
});

export const completeRedirect = createRoute({
  method: "post",
  path: "/api/v1/link/redirect/complete",
  tags,
  summary: "Complete a sign-in from the bank's return",
  description:
    "The session is found by the `state` in `receivedRedirectUri` (Finlink's return URL as the browser got it), and completes only from the browser that began the redirect: with the binding cookie `/link/redirect/begin` set (a return in a new tab or the whole page), or with the session's current token as `X-Link-Session` (the iframe its popup handed the URL to). Without either, the same 404 as an unknown state. The state completes once; the answer carries a fresh `sessionToken` and the token before stops working. `result`: `AUTHENTICATED` (then `POST /session/finish`), `MFA` (then `/session/mfa`) or `DENIED` (the user refused on the bank's page: the sign-in is over, `/session/exit` answers `error=USER_DENIED`). A reload of the return page after completion gets 404 `REDIRECT_STATE_UNKNOWN`: the sign-in already finished, start again from the app.",
  request: body(CompleteRedirectRequest),
  responses: {
    200: jsonContent(CompleteRedirectResponse, "The resumed session and the bank's answer"),
    400: problemResponse(
      "`INVALID_REDIRECT`: not Finlink's return URL, no `state`, or neither `code` nor `error`; `USERNAME_MISMATCH` (an update as another user); `INTERNAL_SERVER_ERROR` (the bank refused the code) with `step`",
    ),
    403: problemResponse("`CROSS_SITE_REFUSED`: a cross-site call (`Sec-Fetch-Site`, `Origin`)"),
    404: problemResponse(
      "`REDIRECT_STATE_UNKNOWN`: the state is unknown, already used, replaced by a newer start, expired, completing elsewhere, its session ended, or this browser did not begin it — one answer for all",
    ),
    429: problemResponse(
      "`REDIRECT_THROTTLED` (with `Retry-After`): 30 completions from this client address in 10 minutes",
    ),
    503: problemResponse("`ENTITY_UNAVAILABLE`: the bank answered another error"),
  },
});
