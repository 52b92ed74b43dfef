import { z } from "zod";
import { IsoDateTime } from "./common";
import { ConnectionStatus } from "./connections";

export const WebhookType = z.enum([
  "CONNECTION_READY",
  "CONNECTION_UPDATED",
  "CONNECTION_ERRORED",
  "CONNECTION_UPDATE_ERROR",
  "UPDATE_TOKEN_GENERATED",
  "RESTORE_TOKEN_GENERATED",
  "CONNECTION_DELETED",
]);
export type WebhookType = z.infer<typeof WebhookType>;

/** The thin webhook body: read the connection's status with its token for the details. */
export const WebhookPayload = z
  .object({
    webhookId: z.uuid(),
    type: WebhookType,
    connectionId: z.uuid(),
    externalId: z.string().nullable(),
    status: z.union([ConnectionStatus, z.literal("DELETED")]),
    occurredAt: IsoDateTime,
  })
  .meta({ id: "WebhookPayload" });
export type WebhookPayload = z.infer<typeof WebhookPayload>;
