import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { createApp, type FinlinkApp } from "./app";
import type { Config } from "./config";
import { sandboxAppLinks, seedSandboxApp } from "./features/apps/apps.service";
import { createConsoleApp } from "./features/console/console-app";
import { CONSOLE_PATH } from "./features/console/console-session";
import { startWorkers } from "./jobs/workers";
import { type BodyReadingOptions, withReadBodies } from "./lib/http-body";
import { closeServices, createServices, type Services, serializedStartup } from "./services";

/**
 * `finlink start`: the API (and the Link widget) on FINLINK_PORT, the operator console on FINLINK_CONSOLE_PORT
 * (its own origin; unless off), plus workers unless disabled.
 */
export async function serveFinlink(config: Config): Promise<void> {
  const services = await createServices(config, { supervise: config.inProcessWorker });
  const { logger } = services;
  await seedSandboxDemo(services);
  if (config.inProcessWorker) await startWorkers(services);
  const server = listen(createApp(services), { hostname: config.host, port: config.port }, (port) => {
    logger.info({ url: config.publicUrl, port, storage: services.database.kind }, "Finlink listening");
  });
  const consoleServer =
    config.console &&
    listen(createConsoleApp(services), { hostname: config.host, port: config.console.port }, (port) => {
      logger.info({ url: `${config.console?.publicUrl}${CONSOLE_PATH}`, port }, "console listening");
    });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down");
    server.close();
    consoleServer?.close();
    await closeServices(services);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The demo app's secret is public (the README): it is seeded in sandbox mode only, never outside it. */
export async function seedSandboxDemo(services: Services): Promise<void> {
  const { sandbox } = services.config;
  if (!sandbox.enabled) return;
  const links = sandboxAppLinks(services.config.publicUrl);
  await serializedStartup(services.database, () => seedSandboxApp(services.database, { ...sandbox, ...links }));
  services.logger.info({ clientId: sandbox.clientId, redirectUris: sandbox.redirectUris }, "sandbox app seeded");
}

/**
 * Idle keep-alive sockets stay open 65 s (Node's default is 5 s). Clients (undici, browsers, load balancers)
 * keep theirs longer, and a server that closes first races a client reusing the socket at that moment: the
 * request dies with ECONNRESET. The client should give up an idle socket first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepIdleSockets(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Above keepAliveTimeout, or Node may cut a reused socket's next request headers short.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
}

/** The app on a Node HTTP server; request bodies are read by `withReadBodies` (keep-alive after a 413). */
export function listen(
  app: Pick<FinlinkApp, "fetch">,
  at: { hostname: string; port: number; bodyReading?: BodyReadingOptions },
  onListening: (port: number) => void = () => {},
): Server {
  const listener = getRequestListener(app.fetch, { hostname: at.hostname });
  const server = createServer(withReadBodies(listener, at.bodyReading));
  keepIdleSockets(server);
  server.listen(at.port, at.hostname, () => onListening((server.address() as AddressInfo).port));
  return server;
}
