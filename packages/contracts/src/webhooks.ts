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

/** Where an event's delivery stands. */
export const WebhookDeliveryState = z.enum(["PENDING", "WAITING", "DELIVERED", "FAILED", "SKIPPED"]).meta({
  id: "WebhookDeliveryState",
  description:
    "`PENDING`: attempts scheduled; `WAITING`: held while the endpoint is failing or disabled (recover sends it); `DELIVERED`: a 2xx answered; `FAILED`: every attempt of the schedule failed; `SKIPPED`: the app had no webhook URL",
});
export type WebhookDeliveryState = z.infer<typeof WebhookDeliveryState>;

/** The health of the app's webhook endpoint. */
export const WebhookEndpointStatus = z
  .object({
    state: z.enum(["ACTIVE", "FAILING", "DISABLED"]).meta({
      description:
        "`ACTIVE`: events are sent; `FAILING`: an event spent its retries (or every attempt failed for 5 days), later events wait; `DISABLED`: it answered 410. `recover` makes it ACTIVE again",
    }),
    reason: z.string().nullable(),
    since: IsoDateTime.nullable(),
    failingSince: IsoDateTime.nullable().meta({ description: "The first failed attempt since the last delivery" }),
  })
  .meta({ id: "WebhookEndpointStatus" });
export type WebhookEndpointStatus = z.infer<typeof WebhookEndpointStatus>;

/** An outbox event as the app's delivery log shows it: the body it was sent with plus its delivery. */
export const WebhookEvent = WebhookPayload.extend({
  delivery: z.object({
    state: WebhookDeliveryState,
    attempts: z.number().int().meta({ description: "Attempts in the current schedule (a replay starts again)" }),
    lastAttemptAt: IsoDateTime.nullable(),
    nextAttemptAt: IsoDateTime.nullable(),
    deliveredAt: IsoDateTime.nullable(),
  }),
}).meta({ id: "WebhookEvent" });
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookEventPage = z
  .object({ data: z.array(WebhookEvent), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookEventPage" });
export type WebhookEventPage = z.infer<typeof WebhookEventPage>;

/** One delivery attempt. */
export const WebhookAttempt = z
  .object({
    number: z.number().int(),
    startedAt: IsoDateTime,
    url: z.string(),
    statusCode: z.number().int().nullable().meta({ description: "The answer's status; null when none came" }),
    latencyMs: z.number().int(),
    response: z.string().nullable().meta({ description: "The answer's first 2 KB" }),
    error: z.string().nullable(),
    manual: z.boolean().meta({ description: "Sent by a replay or recover" }),
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookRecoverRequest = z
  .object({
    since: IsoDateTime.meta({ description: "Replays every event that failed since this time, and all held ones" }),
  })
  .strict()
  .meta({ id: "WebhookRecoverRequest" });
export type WebhookRecoverRequest = z.infer<typeof WebhookRecoverRequest>;

export const WebhookRecoverResponse = z
  .object({ replayed: z.number().int(), endpoint: WebhookEndpointStatus })
  .meta({ id: "WebhookRecoverResponse" });
export type WebhookRecoverResponse = z.infer<typeof WebhookRecoverResponse>;
