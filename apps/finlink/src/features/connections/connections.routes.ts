import {
  Connection,
  DESIRED_OWNERS_RULE,
  ExchangeResponse,
  ExternalIdQuery,
  MessageResponse,
  PendingPublicTokens,
  RefreshResponse,
  StartFlowRequest,
  StartFlowResponse,
  text,
} from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { bearer, errorResponses, jsonContent, problemResponse } from "../../lib/openapi";

const token = (description: string) => text({ max: 200 }).meta({ description });
const ConnectionTokenParams = z.object({ connectionToken: token("The connection's permanent token") });
const tags = ["Connections"];
const common = { 401: errorResponses[401], 403: errorResponses[403] } as const;

export const startFlow = createRoute({
  method: "post",
  path: "/api/v1/commands/connections/start-flow",
  tags,
  summary: "Start Link with server-chosen parameters",
  description: `Signs a 15-minute start token carrying the parameters (the user cannot change \`externalId\` or \`desiredOwners\`) and answers the ready Link URL. \`entity\`, \`externalId\`, \`desiredOwners\` and \`subproduct\` take \`null\` for absent, as Vumi documents. \`product\` takes Vumi's values; \`ASSETS_TRANSFER\` is not served yet (400 \`PRODUCT_NOT_SUPPORTED\`).\n\n**desiredOwners** (Vumi marks assets-transfer positions with them; Finlink applies them to the extraction): ${DESIRED_OWNERS_RULE}`,
  security: bearer,
  request: { body: { required: true, content: { "application/json": { schema: StartFlowRequest } } } },
  responses: {
    200: jsonContent(StartFlowResponse, "Start token and Link URL"),
    ...common,
    400: problemResponse(
      "`PRODUCT_NOT_SUPPORTED`: `ASSETS_TRANSFER`, not served yet; `SUBPRODUCT_NOT_ALLOWED`: a `subproduct` with another product; `UNSUPPORTED_PRODUCT`: the `entity` does not offer the product; `START_TOO_LARGE`: the parameters would make a start token longer than Link's URL takes (8000 characters)",
    ),
    404: problemResponse("Unknown redirect id, entity, update or restore token"),
  },
});

export const exchange = createRoute({
  method: "post",
  path: "/api/v1/commands/connections/exchange/{publicToken}",
  tags,
  summary: "Exchange a publicToken for a connectionToken",
  description:
    "One-time. A second exchange answers 404 and revokes the connectionToken issued by the first — unless it carries the same `Idempotency-Key` as the first within 24 h, which answers the first response again.",
  security: bearer,
  request: {
    params: z.object({ publicToken: token("The one-time token Link put on the redirect") }),
    headers: z.object({ "idempotency-key": text({ max: 200 }).optional() }),
  },
  responses: {
    200: jsonContent(ExchangeResponse, "The permanent connection token"),
    ...common,
    404: problemResponse(
      "`PUBLIC_TOKEN_NOT_FOUND`: not found with the given public token for the current app; `PUBLIC_TOKEN_REUSED`: it was exchanged before, and the connectionToken that exchange gave is now revoked",
    ),
  },
});

export const getConnection = createRoute({
  method: "get",
  path: "/api/v1/queries/connections/{connectionToken}",
  tags,
  summary: "A connection's status",
  security: bearer,
  request: { params: ConnectionTokenParams },
  responses: { 200: jsonContent(Connection, "The connection"), ...common, 404: errorResponses[404] },
});

export const listConnections = createRoute({
  method: "get",
  path: "/api/v1/queries/connections",
  tags,
  summary: "The app's exchanged connections",
  security: bearer,
  request: { query: ExternalIdQuery },
  responses: {
    200: jsonContent(z.array(Connection), "Connections, newest first"),
    ...common,
    400: errorResponses[400],
  },
});

export const listPending = createRoute({
  method: "get",
  path: "/api/v1/queries/connections/pending",
  tags,
  summary: "Connections whose publicToken was never exchanged",
  description:
    "To recover a lost exchange: the very publicToken Link put on the redirect (kept encrypted until its exchange), never a new one, so listing never breaks an exchange on its way. Only tokens still valid (30 minutes from creation) are listed: an expired one cannot be exchanged. At most 100, newest first; filter by `externalId` to find one user's.",
  security: bearer,
  request: { query: ExternalIdQuery },
  responses: {
    200: jsonContent(PendingPublicTokens, "Unexchanged public tokens, newest first, at most 100"),
    ...common,
    400: errorResponses[400],
  },
});

export const deleteConnection = createRoute({
  method: "delete",
  path: "/api/v1/commands/connections/{connectionToken}",
  tags,
  summary: "Delete a connection and erase its data",
  security: bearer,
  request: { params: ConnectionTokenParams },
  responses: { 200: jsonContent(MessageResponse, "Deleted"), ...common, 404: errorResponses[404] },
});

export const refreshConnection = createRoute({
  method: "post",
  path: "/api/v1/commands/connections/{connectionToken}/refresh",
  tags,
  summary: "Start an update",
  description:
    "202 when the update started. 409 when the entity needs the user: the problem carries an `updateToken` (or `restoreToken`) to open Link with.",
  security: bearer,
  request: { params: ConnectionTokenParams },
  responses: {
    202: jsonContent(RefreshResponse, "Update started"),
    ...common,
    404: errorResponses[404],
    409: problemResponse("Needs the user (updateToken/restoreToken given) or the first extraction is still running"),
  },
});
