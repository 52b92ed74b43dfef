import { z } from "zod";
import { IsoDateTime, text } from "./common";
import { ConnectionStatus, ErrorDetails } from "./connections";
import { LinkLang, LinkTheme } from "./link";

/**
 * The integrator demo's own API (apps/bff, under `/api`), between its SPA and its backend-for-frontend.
 * Connection ids here are the BFF's; no Finlink token ever appears in these bodies.
 */

export const BffUser = z.object({ id: z.uuid(), name: z.string() }).meta({ id: "BffUser" });
export type BffUser = z.infer<typeof BffUser>;

/** `POST /api/session`: the demo sign-in, by name (a stand-in for the integrator's real auth). */
export const BffSignInRequest = z.object({
  name: text({ max: 80 })
    // Format characters (zero-width spaces, direction marks) do not count: a name must show something.
    .refine((name) => name.replace(/\p{Cf}/gu, "").trim().length > 0, "A name is required")
    .meta({ description: "Any name; the same name signs in as the same user" }),
});
export type BffSignInRequest = z.infer<typeof BffSignInRequest>;

/** `POST /api/link/start`: opens Link for a new connection. */
export const BffLinkStartRequest = z.object({
  entity: text({ max: 100 }).optional(),
  lang: LinkLang.optional(),
  theme: LinkTheme.optional(),
});
export type BffLinkStartRequest = z.infer<typeof BffLinkStartRequest>;

/** The Link URL to open (iframe or full page) for a start, an update or a restore. */
export const BffLinkUrl = z.object({ url: z.url() }).meta({ id: "BffLinkUrl" });
export type BffLinkUrl = z.infer<typeof BffLinkUrl>;

/** `POST /api/link/exchange`: what the callback page read from Link's redirect. */
export const BffExchangeRequest = z.object({
  publicToken: text({ max: 300 }),
  state: text({ max: 300 }),
});
export type BffExchangeRequest = z.infer<typeof BffExchangeRequest>;

/**
 * `POST /api/link/complete`: the end of an update or restore flow (Link's redirect with `operation=UPDATE`):
 * the BFF checks the state and marks the connection as updating.
 */
export const BffCompleteRequest = z.object({ state: text({ max: 300 }) });
export type BffCompleteRequest = z.infer<typeof BffCompleteRequest>;

/** What the user must do for the connection, if anything: Link for an update, or for a restore. */
export const BffUserAction = z.enum(["UPDATE", "RESTORE"]).nullable();

/** A connection as the SPA sees it (`GET /api/connections[/:id]`). */
export const BffConnection = z
  .object({
    id: z.uuid(),
    entity: z.string(),
    entityName: z.string().nullable(),
    status: ConnectionStatus,
    errorDetails: ErrorDetails.nullable(),
    userAction: BffUserAction.meta({ description: "UPDATE or RESTORE when Link must be opened again for it" }),
    twoFactorEnabled: z.boolean(),
    lastSync: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "BffConnection" });
export type BffConnection = z.infer<typeof BffConnection>;

export const BffConnections = z.array(BffConnection);

/** `POST /api/connections/:id/update`: opens Link for the update or restore the connection needs (`{}` is fine). */
export const BffLinkUpdateRequest = BffLinkStartRequest.pick({ lang: true, theme: true });
export type BffLinkUpdateRequest = z.infer<typeof BffLinkUpdateRequest>;

/**
 * `GET /api/connections/:id/events` (Server-Sent Events): `connection` carries the connection as the status
 * route answers it (first the snapshot, then each change); `deleted` says it is gone (deleted here or at
 * Finlink), and the stream ends.
 */
export const BffConnectionEventName = z.enum(["connection", "deleted"]);
export type BffConnectionEventName = z.infer<typeof BffConnectionEventName>;
export const BffConnectionDeleted = z.object({ id: z.uuid() }).meta({ id: "BffConnectionDeleted" });
export type BffConnectionDeleted = z.infer<typeof BffConnectionDeleted>;

/**
 * `POST /webhooks/finlink`'s 200: what became of the event. `ACCEPTED`: recorded, the connection is read
 * again from Finlink right after; `DUPLICATE`: this webhookId was received before; `IGNORED`: no connection
 * of this app has that id (another app's, or deleted).
 */
export const BffWebhookReceipt = z
  .object({ outcome: z.enum(["ACCEPTED", "DUPLICATE", "IGNORED"]) })
  .meta({ id: "BffWebhookReceipt" });
export type BffWebhookReceipt = z.infer<typeof BffWebhookReceipt>;
