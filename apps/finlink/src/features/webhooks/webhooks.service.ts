import type { WebhookAttempt, WebhookDeliveryState, WebhookEndpointStatus, WebhookEvent } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { apps, webhookAttempts, webhookEvents } from "../../db/schema";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { decodeOpaqueCursor } from "../data/keyset";
import { payloadOf } from "./delivery";

type EventRow = typeof webhookEvents.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const toWebhookEvent = (row: EventRow): WebhookEvent => ({
  ...payloadOf(row),
  delivery: {
    state: row.deliveryState,
    attempts: row.attempts,
    lastAttemptAt: iso(row.lastAttemptAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    deliveredAt: iso(row.deliveredAt),
  },
});

// Version 1 of the cursor: the last event's creation time to the microsecond (as the database keeps it; a
// JS Date would cut it to ms and events of one ms would tie) and its id.
const CursorV1 = z.object({ v: z.literal(1), t: z.iso.datetime(), i: z.uuid() }).strict();

const encodeCursor = (row: { at: string; id: string }) =>
  Buffer.from(JSON.stringify({ v: 1, t: row.at, i: row.id })).toString("base64url");

const createdAtText = sql<string>`to_char(${webhookEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function decodeCursor(cursor: string): { at: string; id: string } {
  const { t, i } = decodeOpaqueCursor(cursor, CursorV1);
  return { at: t, id: i };
}

export interface EventListQuery {
  status?: WebhookDeliveryState | undefined;
  connectionId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The app's events, newest first, by keyset on (created_at, id). */
export async function listEvents(services: Services, appId: string, query: EventListQuery) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await services.database.db
    .select({ row: webhookEvents, at: createdAtText })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.appId, appId),
        query.status ? eq(webhookEvents.deliveryState, query.status) : undefined,
        query.connectionId ? eq(webhookEvents.connectionId, query.connectionId) : undefined,
        after
          ? sql`(${webhookEvents.createdAt}, ${webhookEvents.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(webhookEvents.createdAt), desc(webhookEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page.at(-1) : undefined;
  return {
    data: page.map(({ row }) => toWebhookEvent(row)),
    nextCursor: last ? encodeCursor({ at: last.at, id: last.row.id }) : null,
  };
}

async function findEvent(services: Services, appId: string, webhookId: string): Promise<EventRow> {
  const [row] = await services.database.db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, webhookId), eq(webhookEvents.appId, appId)));
  if (!row) throw notFound("No webhook event of this app has this id", { reason: "WEBHOOK_NOT_FOUND" });
  return row;
}

export async function getEvent(services: Services, appId: string, webhookId: string): Promise<WebhookEvent> {
  return toWebhookEvent(await findEvent(services, appId, webhookId));
}

export async function listAttempts(services: Services, appId: string, webhookId: string): Promise<WebhookAttempt[]> {
  await findEvent(services, appId, webhookId);
  const rows = await services.database.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.eventId, webhookId))
    .orderBy(asc(webhookAttempts.number));
  return rows.map((row) => ({
    number: row.number,
    startedAt: row.startedAt.toISOString(),
    url: row.url,
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    response: row.response,
    error: row.error,
    manual: row.manual,
  }));
}

const restart = (now: Date) =>
  ({ deliveryState: "PENDING", attempts: 0, nextAttemptAt: now, leaseUntil: null }) as const;

/**
 * Sends an event again now, whatever its state (delivered ones too: the receiver may have lost it), with a
 * fresh schedule; sent even while the endpoint is failing, so an app can check it is back.
 */
export async function replayEvent(services: Services, appId: string, webhookId: string): Promise<WebhookEvent> {
  const now = services.now();
  const row = await services.database.transaction(async (tx, raw) => {
    const [updated] = await tx
      .update(webhookEvents)
      .set(restart(now))
      .where(and(eq(webhookEvents.id, webhookId), eq(webhookEvents.appId, appId)))
      .returning();
    if (!updated) throw notFound("No webhook event of this app has this id", { reason: "WEBHOOK_NOT_FOUND" });
    await services.jobs.sendWebhook(raw, { eventId: webhookId, manual: true });
    return updated;
  });
  services.jobs.wake();
  return toWebhookEvent(row);
}

/** Events recover sends at most in one call; the answer says how many, and a second call sends the rest. */
export const RECOVER_BATCH = 10_000;

/**
 * Re-enables the endpoint and replays every event that failed since `since` plus every event held while it
 * was failing or disabled, oldest first.
 */
export async function recoverEvents(services: Services, appId: string, since: Date) {
  const now = services.now();
  const replayed = await services.database.transaction(async (tx, raw) => {
    await tx
      .update(apps)
      .set({ webhookState: "ACTIVE", webhookStateReason: null, webhookStateChangedAt: now, webhookFailingSince: null })
      .where(eq(apps.id, appId));
    const due = await tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.appId, appId),
          or(
            eq(webhookEvents.deliveryState, "WAITING"),
            and(eq(webhookEvents.deliveryState, "FAILED"), gte(webhookEvents.createdAt, since)),
          ),
        ),
      )
      .orderBy(asc(webhookEvents.createdAt))
      .limit(RECOVER_BATCH);
    const ids = due.map((row) => row.id);
    if (ids.length === 0) return 0;
    await tx.update(webhookEvents).set(restart(now)).where(inArray(webhookEvents.id, ids));
    await services.jobs.sendWebhooks(
      raw,
      ids.map((eventId) => ({ eventId })),
    );
    return ids.length;
  });
  services.jobs.wake();
  return { replayed, endpoint: await endpointStatus(services, appId) };
}

/** The app's webhook endpoint health. */
export async function endpointStatus(services: Services, appId: string): Promise<WebhookEndpointStatus> {
  const [app] = await services.database.db.select().from(apps).where(eq(apps.id, appId));
  if (!app) throw notFound("The app of this token no longer exists", { reason: "APP_NOT_FOUND" });
  return endpointStatusOf(app);
}

export const endpointStatusOf = (app: typeof apps.$inferSelect): WebhookEndpointStatus => ({
  state: app.webhookState,
  reason: app.webhookStateReason,
  since: iso(app.webhookStateChangedAt),
  failingSince: iso(app.webhookFailingSince),
});
