import { z } from "zod";
import { IsoDateTime, text } from "./common";
import { Product } from "./data";

export const ConnectionStatus = z
  .enum(["PENDING", "READY", "UPDATING", "UPDATE_ERROR", "ERRORED"])
  .meta({ id: "ConnectionStatus", description: "PENDING → READY | ERRORED; UPDATING → READY | UPDATE_ERROR" });
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const ErrorReason = z.enum([
  "INVALID_CREDENTIALS",
  "ACCOUNT_LOCKED",
  "USER_ACTION_REQUIRED",
  "ENTITY_UNAVAILABLE",
  "INVALID_MFA",
  "MFA_TIMEOUT",
  "INTERNAL_SERVER_ERROR",
]);
export type ErrorReason = z.infer<typeof ErrorReason>;

export const ErrorDetails = z
  .object({
    reason: ErrorReason,
    type: z.enum(["USER_ERROR", "ENTITY_ERROR", "VUMI_ERROR"]),
    retryable: z.boolean(),
  })
  .meta({ id: "ErrorDetails" });
export type ErrorDetails = z.infer<typeof ErrorDetails>;

export const Connection = z
  .object({
    credentialsToken: z.string().nullable().meta({
      description:
        "The connectionToken itself: Vumi's name for it in status and list bodies, so a connection listed by `externalId` is found by the token the exchange returned. Null for a connection exchanged before Finlink kept the token (only its hash exists; the token itself still works), and for one whose stored copy can no longer be decrypted (the server logs it).",
    }),
    connectionId: z.uuid().meta({
      description: "Extension (not in Vumi's API): the connection's id, as webhook payloads carry it",
    }),
    status: ConnectionStatus,
    errorDetails: ErrorDetails.nullable(),
    entity: z.string().meta({ description: "Entity id" }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    lastSync: IsoDateTime.nullable(),
    updateToken: z.string().nullable().meta({ description: "Set when a manual update needs the user (MFA)" }),
    restoreToken: z.string().nullable().meta({ description: "Set when the connection needs the user again" }),
    twoFactorEnabled: z.boolean(),
    hasCredentials: z.boolean(),
    externalId: z.string().nullable(),
  })
  .meta({ id: "Connection" });
export type Connection = z.infer<typeof Connection>;

const ExternalId = text({ max: 200 });
const State = text({ max: 500 });

/**
 * Vumi's start-flow products. `ASSETS_TRANSFER` passes the schema, so a Vumi client hears a clear
 * `PRODUCT_NOT_SUPPORTED` rather than a validation error; Finlink does not serve it yet.
 */
export const StartFlowProduct = z
  .enum([...Product.options, "ASSETS_TRANSFER"])
  .meta({ description: "`TRANSACTIONS` or `INVESTMENTS`; `ASSETS_TRANSFER` answers 400 `PRODUCT_NOT_SUPPORTED`" });
export type StartFlowProduct = z.infer<typeof StartFlowProduct>;

/**
 * Vumi's assets-transfer subproducts: `FUND`, and a pension-plan value its pages cut off ("P…"). Any
 * short text passes the schema, so whatever a Vumi client sends with `ASSETS_TRANSFER` hears
 * `PRODUCT_NOT_SUPPORTED`, the real reason, rather than a validation error.
 */
export const Subproduct = text({ max: 50 }).meta({ examples: ["FUND", "PENSION_PLAN"] });
export type Subproduct = z.infer<typeof Subproduct>;

/** How start-flow's `desiredOwners` are matched against the holders an entity lists (README and OpenAPI say the same). */
export const DESIRED_OWNERS_RULE =
  "Only the accounts and portfolios with at least one owner matching a desired owner are extracted (at the first extraction and at every update), with their transactions, positions and portfolio transactions; investments nothing kept refers to are left out. Names are compared normalised: accents and other combining marks removed, upper case, punctuation as spaces, spaces collapsed; an owner matches when every word of the desired name is among the owner's words, in any order, so `Jane Smith` matches `SMITH GARCIA, JANE`. Null, absent or an empty list extracts everything. Fixed when Link creates the connection: an update or restore keeps them. The restriction holds only if the app accepts start-flow starts alone (created with `--start-flow-only`): otherwise the user could open Link with URL parameters and no restriction.";

const DesiredOwner = text({ max: 200 }).regex(/[\p{L}\p{N}]/u, "A name needs at least one letter or digit");

export const StartFlowRequest = z
  .object({
    id: z.uuid().meta({ description: "Redirect id, from GET /api/v1/queries/app" }),
    product: StartFlowProduct,
    subproduct: Subproduct.nullable().optional().meta({
      description:
        "`ASSETS_TRANSFER` only; null or absent with any other product (400 `SUBPRODUCT_NOT_ALLOWED` otherwise)",
    }),
    entity: text({ max: 100 })
      .nullable()
      .optional()
      .meta({ description: "Open Link for this entity only: the entity screen is skipped, no other is accepted" }),
    externalId: ExternalId.nullable().optional(),
    desiredOwners: z.array(DesiredOwner).max(10).nullable().optional().meta({ description: DESIRED_OWNERS_RULE }),
    state: State.optional().meta({ description: "Opaque; echoed back on the redirect" }),
    updateToken: text({ max: 200 }).optional(),
    restoreToken: text({ max: 200 }).optional(),
  })
  .refine((b) => !(b.updateToken && b.restoreToken), { message: "Give updateToken or restoreToken, not both" })
  // The refinement, as JSON Schema says it (the generator cannot read a refinement).
  .meta({ id: "StartFlowRequest", not: { required: ["updateToken", "restoreToken"] } });
export type StartFlowRequest = z.infer<typeof StartFlowRequest>;

export const StartFlowResponse = z
  .object({
    token: z.string().meta({ description: "Signed start token, valid 15 minutes" }),
    url: z.url().meta({ description: "Link URL ready to open: `<LINK_URL>?authToken=…`" }),
  })
  .meta({ id: "StartFlowResponse" });
export type StartFlowResponse = z.infer<typeof StartFlowResponse>;

export const ExchangeResponse = z
  .object({
    connectionToken: z.string().meta({ description: "The permanent token of the connection (opaque)" }),
    connectionId: z.uuid().meta({
      description: "Extension (not in Vumi's API): the connection's id, as webhook payloads carry it",
    }),
  })
  .meta({ id: "ExchangeResponse" });
export type ExchangeResponse = z.infer<typeof ExchangeResponse>;

export const PendingPublicToken = z
  .object({ publicToken: z.string(), externalId: z.string().nullable(), createdAt: IsoDateTime })
  .meta({ id: "PendingPublicToken" });
export type PendingPublicToken = z.infer<typeof PendingPublicToken>;

/** `pending` answers at most this many, newest first: a publicToken lives 30 minutes, so more is a flood, not a backlog. */
export const PENDING_TOKENS_MAX = 100;
export const PendingPublicTokens = z.array(PendingPublicToken).max(PENDING_TOKENS_MAX);

export const ExternalIdQuery = z.object({
  externalId: ExternalId.optional().meta({ description: "Only connections started with this externalId" }),
});

export const RefreshResponse = z
  .object({ connectionId: z.uuid(), status: ConnectionStatus })
  .meta({ id: "RefreshResponse" });
