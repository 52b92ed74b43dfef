import type { WebhookType } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { apps, webhookAttempts, webhookEvents } from "../../db/schema";
import type { TestContext } from "../../testing/test-context";
import { recordWebhook } from "./outbox";

/** Records an event for App A (or `appId`) as a state change would, and wakes the workers. */
export async function fire(
  ctx: TestContext,
  type: WebhookType = "CONNECTION_UPDATED",
  appId = ctx.appA.clientId,
): Promise<string> {
  const { services } = ctx;
  const id = await services.database.transaction((tx, sql) =>
    recordWebhook(services.jobs, tx, sql, {
      appId,
      type,
      connectionId: crypto.randomUUID(),
      externalId: "user-1",
      status: "READY",
      at: services.now(),
    }),
  );
  services.jobs.wake();
  return id;
}

export async function eventRow(ctx: TestContext, id: string) {
  const [row] = await ctx.services.database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
  if (!row) throw new Error(`no event ${id}`);
  return row;
}

export const attemptsOf = (ctx: TestContext, id: string) =>
  ctx.services.database.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.eventId, id))
    .orderBy(webhookAttempts.number);

export async function appRow(ctx: TestContext, appId = ctx.appA.clientId) {
  const [row] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, appId));
  if (!row) throw new Error(`no app ${appId}`);
  return row;
}

/** Waits until `check` holds (polling every 20 ms), or fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const stateOf = async (ctx: TestContext, id: string) => (await eventRow(ctx, id)).deliveryState;
