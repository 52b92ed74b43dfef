import { serve } from "@hono/node-server";
import { createApp } from "./app";
import type { Config } from "./config";
import { seedSandboxApp } from "./features/apps/apps.service";
import { startWorkers } from "./jobs/workers";
import { closeServices, createServices } from "./services";

/** `finlink start`: the API (and the Link widget) on FINLINK_PORT, plus workers unless disabled. */
export async function serveFinlink(config: Config): Promise<void> {
  const services = await createServices(config, { supervise: config.inProcessWorker });
  const { logger } = services;
  if (config.sandbox.enabled) {
    await seedSandboxApp(services.database, config.sandbox);
    logger.info({ clientId: config.sandbox.clientId, redirectUri: config.sandbox.redirectUri }, "sandbox app seeded");
  }
  if (config.inProcessWorker) await startWorkers(services);
  const server = serve({ fetch: createApp(services).fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info({ url: config.publicUrl, port: info.port, storage: services.database.kind }, "Finlink listening");
  });
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
