import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import type { Config } from "./config";
import { closeServices, createServices } from "./services";

/** `bff start`: the API and the built SPA on APP_PORT, until SIGINT or SIGTERM. */
export async function serveBff(config: Config): Promise<void> {
  const services = await createServices(config);
  const { logger } = services;
  const server = serve({ fetch: createApp(services).fetch, hostname: config.host, port: config.port }, (info) => {
    const { port } = info as AddressInfo;
    logger.info(
      { url: config.appUrl, port, storage: services.database.kind, finlink: config.finlink.url },
      "BFF listening",
    );
  });
  // Idle sockets outlive the browser's and the proxy's (Node's 5 s would race their reuse: ECONNRESET).
  if ("keepAliveTimeout" in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down");
    server.close();
    await closeServices(services);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
