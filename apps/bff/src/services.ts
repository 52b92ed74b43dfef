import { createWebhookVerifier, type FetchLike, type WebhookVerifier } from "@finlink/node";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db/database";
import { migrate } from "./db/migrate";
import { ConnectionEvents } from "./features/connections/connection-events";
import { StatusPoller } from "./features/connections/status-poller";
import { StreamSlots } from "./features/connections/stream-slots";
import { WebhookReceiver } from "./features/webhooks/webhook-receiver";
import { entityNames } from "./finlink/entity-names";
import { createFinlink, type Finlink } from "./finlink/finlink";
import { redirectResolver } from "./finlink/redirect";
import { Secrets } from "./lib/crypto";
import { createLogger, type Logger } from "./lib/logger";

/** What handlers share: one instance per process, built by `createServices`. */
export interface Services {
  config: Config;
  database: Database;
  secrets: Secrets;
  finlink: Finlink;
  /** The registered redirect id start-flow names (read once from Finlink unless configured). */
  redirectId: () => Promise<string>;
  entityName: (entityId: string) => Promise<string | null>;
  poller: StatusPoller;
  /** Stored connection changes, to the open event streams (in this process). */
  events: ConnectionEvents;
  /** The open event streams per user, and their heartbeat. */
  streams: StreamSlots;
  /** `POST /webhooks/finlink`: verification, de-duplication, and the re-reads it starts. */
  webhooks: WebhookReceiver;
  logger: Logger;
  /** The clock; tests move it to expire sessions and states. */
  now: () => Date;
}

export interface ServicesOptions {
  logger?: Logger;
  now?: () => Date;
  /** How Finlink is reached (default: the global fetch); tests pass the in-process Finlink. */
  fetch?: FetchLike;
  /** Checks webhook signatures (default: with Finlink's keys, `verificationKey(kid)`); tests may sign their own. */
  webhookVerifier?: WebhookVerifier;
  /** Live stream limits (default 10 per user, a heartbeat every 15 s); tests shorten them. */
  streams?: StreamSlots;
}

/** Opens storage, applies migrations and builds the Finlink client. */
export async function createServices(config: Config, options: ServicesOptions = {}): Promise<Services> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const database = await openDatabase(config.database);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const finlink = createFinlink(config.finlink, options.fetch);
  const shared = {
    config,
    database,
    secrets: new Secrets(config.secretKey),
    finlink,
    redirectId: redirectResolver({
      configured: config.finlink.redirectId,
      callbackUrl: `${config.appUrl}/link/callback`,
      api: finlink.api,
      logger,
    }),
    entityName: entityNames(finlink.api, now),
    events: new ConnectionEvents(),
    streams: options.streams ?? new StreamSlots(),
    logger,
    now,
  };
  const withPoller = { ...shared, poller: new StatusPoller(shared) };
  const verifier = options.webhookVerifier ?? createWebhookVerifier({ client: finlink.api, now });
  return { ...withPoller, webhooks: new WebhookReceiver(withPoller, verifier) };
}

/** Lets the webhook re-reads in flight end (a few seconds at most), then closes storage. */
export async function closeServices(services: Services): Promise<void> {
  await services.webhooks.drain();
  await services.database.close();
}
