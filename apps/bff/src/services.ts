import type { FetchLike } from "@finlink/node";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db/database";
import { migrate } from "./db/migrate";
import { StatusPoller } from "./features/connections/status-poller";
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
  logger: Logger;
  /** The clock; tests move it to expire sessions and states. */
  now: () => Date;
}

export interface ServicesOptions {
  logger?: Logger;
  now?: () => Date;
  /** How Finlink is reached (default: the global fetch); tests pass the in-process Finlink. */
  fetch?: FetchLike;
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
    logger,
    now,
  };
  return { ...shared, poller: new StatusPoller(shared) };
}

export const closeServices = (services: Services) => services.database.close();
