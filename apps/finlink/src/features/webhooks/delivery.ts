import { createHash } from "node:crypto";
import type { WebhookPayload } from "@finlink/contracts";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { apps, webhookAttempts, webhookEvents } from "../../db/schema";
import type { WebhookJob } from "../../jobs/jobs";
import type { Services } from "../../services";
import { FAILING_AFTER_MS, retryDelayMs } from "./schedule";
import { postPinned, type SendResult } from "./send";
import { resolveTarget, type TargetRefusal, TargetRefusedError } from "./target";

/** What one attempt came to: an answer, no answer, or a URL the SSRF guard refused. */
type AttemptResult = SendResult | { ok: false; error: TargetRefusal; message: string; latencyMs: number };

export const SIGNATURE_HEADER = "vumi-verification";
/**
 * How long a worker holds an event it is sending: its job's expiry (above the attempt's deadline, so a
 * live worker never loses it); a job retried after its process died finds the lease over.
 */
const leaseMs = (services: Services) => services.config.queues.webhookExpireSeconds * 1000;
/** A job may run a little before the event's next attempt is due (clocks of the database and the process). */
const EARLY_MS = 1_000;

type EventRow = typeof webhookEvents.$inferSelect;

/** The body Finlink POSTs: thin, the receiver reads the connection for the details. */
export const payloadOf = (event: EventRow): WebhookPayload => ({
  webhookId: event.id,
  type: event.type as WebhookPayload["type"],
  connectionId: event.connectionId,
  externalId: event.externalId,
  status: event.status as WebhookPayload["status"],
  occurredAt: event.occurredAt.toISOString(),
});

/**
 * One delivery attempt of one outbox event (a `webhook` job): claim it, send it signed, record the
 * attempt and decide what comes next (delivered; the next attempt as a new job; the endpoint disabled
 * or failing) in one transaction. At least once: a process killed between the POST and the commit sends
 * it again after the job expires, with the same webhookId.
 */
export async function deliverWebhook(services: Services, job: WebhookJob): Promise<void> {
  const event = await claim(services, job.eventId);
  if (!event) return;
  const { db } = services.database;
  const [app] = await db
    .select({ webhookUrl: apps.webhookUrl, webhookState: apps.webhookState })
    .from(apps)
    .where(eq(apps.id, event.appId));
  if (!app?.webhookUrl) return release(services, event.id, { deliveryState: "SKIPPED", nextAttemptAt: null });
  // A failing or disabled endpoint holds later events until the app recovers it (no silent loss).
  if (app.webhookState !== "ACTIVE" && !job.manual) {
    return release(services, event.id, { deliveryState: "WAITING", nextAttemptAt: null });
  }
  const startedAt = services.now();
  const result = await send(services, app.webhookUrl, JSON.stringify(payloadOf(event)));
  await record(services, event, { url: app.webhookUrl, startedAt, result, manual: job.manual === true });
}

/** Takes the event for this worker, unless it is done, held by another worker, or its next attempt is not due. */
async function claim(services: Services, eventId: string): Promise<EventRow | undefined> {
  const now = services.now();
  const [event] = await services.database.db
    .update(webhookEvents)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs(services)) })
    .where(
      and(
        eq(webhookEvents.id, eventId),
        eq(webhookEvents.deliveryState, "PENDING"),
        or(isNull(webhookEvents.leaseUntil), lt(webhookEvents.leaseUntil, now)),
        or(isNull(webhookEvents.nextAttemptAt), lte(webhookEvents.nextAttemptAt, new Date(now.getTime() + EARLY_MS))),
      ),
    )
    .returning();
  return event;
}

async function release(
  services: Services,
  eventId: string,
  set: Partial<typeof webhookEvents.$inferInsert>,
): Promise<void> {
  await services.database.db
    .update(webhookEvents)
    .set({ ...set, leaseUntil: null })
    .where(eq(webhookEvents.id, eventId));
}

/** Signs this attempt (a fresh `iat` each time) and POSTs it to the checked address. */
async function send(services: Services, url: string, body: string): Promise<AttemptResult> {
  const { webhooks } = services.config;
  const request_body_sha256 = createHash("sha256").update(body).digest("hex");
  const signature = await services.keys.sign("webhook", { request_body_sha256 }, { typ: "JWT" });
  let target: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    target = await resolveTarget(url, { allowPrivate: webhooks.allowPrivate, requireHttps: webhooks.requireHttps });
  } catch (error) {
    if (error instanceof TargetRefusedError) {
      return { ok: false, error: error.reason, message: error.message, latencyMs: 0 };
    }
    throw error;
  }
  return postPinned(target, { body, headers: { [SIGNATURE_HEADER]: signature }, timeoutMs: webhooks.timeoutMs });
}

const delivered = (result: AttemptResult) => result.ok && result.status >= 200 && result.status < 300;

/** What an attempt's row says went wrong, in words an integrator can act on; null when it was delivered. */
function attemptError(result: AttemptResult): string | null {
  if (!result.ok) return `${result.error}: ${result.message}`;
  if (result.status >= 200 && result.status < 300) return null;
  if (result.status >= 300 && result.status < 400) {
    return `HTTP ${result.status}: redirects are not followed; set the webhook URL to the final address`;
  }
  if (result.status === 410) return "HTTP 410: the endpoint is gone; it is disabled until the app recovers it";
  return `HTTP ${result.status}`;
}

interface AttemptRecord {
  url: string;
  startedAt: Date;
  result: AttemptResult;
  manual: boolean;
}

async function record(services: Services, event: EventRow, attempt: AttemptRecord): Promise<void> {
  const { result } = attempt;
  const now = services.now();
  const attemptsMade = event.attempts + 1;
  let retryIn: number | null = null;
  await services.database.transaction(async (tx, raw) => {
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.eventId, event.id));
    await tx.insert(webhookAttempts).values({
      id: crypto.randomUUID(),
      eventId: event.id,
      number: (counted?.n ?? 0) + 1,
      startedAt: attempt.startedAt,
      url: attempt.url,
      statusCode: result.ok ? result.status : null,
      latencyMs: Math.round(result.latencyMs),
      response: result.ok ? result.excerpt : null,
      error: attemptError(result),
      manual: attempt.manual,
    });
    const done = { attempts: attemptsMade, lastAttemptAt: now, leaseUntil: null, nextAttemptAt: null };
    if (delivered(result)) {
      await tx
        .update(webhookEvents)
        .set({ ...done, deliveryState: "DELIVERED", deliveredAt: now })
        .where(eq(webhookEvents.id, event.id));
      await tx.update(apps).set({ webhookFailingSince: null }).where(eq(apps.id, event.appId));
      return;
    }
    if (result.ok && result.status === 410) {
      await tx
        .update(webhookEvents)
        .set({ ...done, deliveryState: "WAITING" })
        .where(eq(webhookEvents.id, event.id));
      await setEndpointState(tx, event.appId, "DISABLED", "The endpoint answered 410 Gone", now);
      return;
    }
    const [app] = await tx
      .update(apps)
      .set({ webhookFailingSince: sql`coalesce(${apps.webhookFailingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(apps.id, event.appId))
      .returning({ failingSince: apps.webhookFailingSince });
    const failingFor = app?.failingSince ? now.getTime() - app.failingSince.getTime() : 0;
    const delay = retryDelayMs({
      attemptsMade,
      scale: services.config.webhooks.scheduleScale,
      status: result.ok ? result.status : undefined,
      retryAfter: result.ok ? result.retryAfter : undefined,
      now,
    });
    if (delay === null || failingFor >= FAILING_AFTER_MS) {
      await tx
        .update(webhookEvents)
        .set({ ...done, deliveryState: "FAILED" })
        .where(eq(webhookEvents.id, event.id));
      const why =
        delay === null
          ? `An event was not delivered after ${attemptsMade} attempts`
          : "Every attempt has failed for 5 days";
      await setEndpointState(tx, event.appId, "FAILING", why, now);
      return;
    }
    const next = new Date(now.getTime() + delay);
    await tx
      .update(webhookEvents)
      .set({ ...done, nextAttemptAt: next, deliveryState: "PENDING" })
      .where(eq(webhookEvents.id, event.id));
    await services.jobs.sendWebhook(raw, { eventId: event.id }, next);
    retryIn = delay;
  });
  if (retryIn !== null) services.jobs.wakeLater(retryIn);
}

/** Marks an ACTIVE endpoint failing or disabled (a disabled one stays disabled). */
async function setEndpointState(
  tx: Parameters<Parameters<Services["database"]["transaction"]>[0]>[0],
  appId: string,
  state: "FAILING" | "DISABLED",
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(apps)
    .set({ webhookState: state, webhookStateReason: reason, webhookStateChangedAt: now })
    .where(and(eq(apps.id, appId), state === "DISABLED" ? undefined : eq(apps.webhookState, "ACTIVE")));
}
