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
    connectionId: z.uuid(),
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

export const StartFlowRequest = z
  .object({
    id: z.uuid().meta({ description: "Redirect id, from GET /api/v1/queries/app" }),
    product: Product,
    entity: text({ max: 100 })
      .nullable()
      .optional()
      .meta({ description: "Open Link for this entity only: the entity screen is skipped, no other is accepted" }),
    externalId: ExternalId.optional(),
    desiredOwners: z
      .array(text({ max: 200 }))
      .max(10)
      .optional(),
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
  .object({ connectionToken: z.string(), connectionId: z.uuid() })
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
