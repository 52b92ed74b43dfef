import type { Connection, ConnectionStatus } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { webhookEvents } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { credentialsFor } from "./credentials";
import type { TestApp, TestContext } from "./test-context";

/**
 * Creates a connection as Link's finish step would (credentials accepted, MFA passed), exchanges its
 * publicToken and answers both tokens. The extraction starts at once.
 */
export async function connectDirectly(
  ctx: TestContext,
  input: {
    entity: string;
    username: string;
    password?: string;
    externalId?: string;
    twoFactor?: boolean;
    app?: TestApp;
  },
): Promise<{ publicToken: string; connectionToken: string; connectionId: string; apiToken: string }> {
  const app = input.app ?? ctx.appA;
  const { services } = ctx;
  const { publicToken } = await services.database.transaction((tx, sql) =>
    createConnection(services, tx, sql, {
      appId: app.clientId,
      entityId: input.entity,
      externalId: input.externalId ?? null,
      credentials: credentialsFor(services.connectors.entities(), input.entity, input.username, input.password),
      twoFactor: input.twoFactor ?? false,
    }),
  );
  services.jobs.wake();
  const apiToken = await ctx.login(app);
  const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token: apiToken });
  if (res.status !== 200) throw new Error(`exchange failed: ${res.status} ${await res.text()}`);
  const { connectionToken, connectionId } = (await res.json()) as { connectionToken: string; connectionId: string };
  return { publicToken, connectionToken, connectionId, apiToken };
}

/** Polls the status endpoint until the connection reaches one of `statuses` (or fails after `timeoutMs`). */
export async function waitForStatus(
  ctx: TestContext,
  apiToken: string,
  connectionToken: string,
  statuses: ConnectionStatus[],
  timeoutMs = 20_000,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let last: Connection | undefined;
  while (Date.now() < deadline) {
    const res = await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token: apiToken });
    if (res.status !== 200) throw new Error(`status failed: ${res.status} ${await res.text()}`);
    last = (await res.json()) as Connection;
    if (statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`connection still ${last?.status} after ${timeoutMs} ms, expected ${statuses.join("/")}`);
}

/** The types of the webhook events recorded for a connection, oldest first. */
export async function webhookTypesOf(ctx: TestContext, connectionId: string): Promise<string[]> {
  const rows = await ctx.services.database.db
    .select({ type: webhookEvents.type })
    .from(webhookEvents)
    .where(eq(webhookEvents.connectionId, connectionId))
    .orderBy(webhookEvents.occurredAt);
  return rows.map((e) => e.type);
}
