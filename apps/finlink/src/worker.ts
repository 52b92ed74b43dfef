import type { Config } from "./config";
import { startWorkers } from "./jobs/workers";
import { closeServices, createServices } from "./services";

/**
 * `finlink worker`: extraction workers sharing the pg-boss queue with every other process. PostgreSQL
 * only — the embedded store is one process's (the server already runs workers in-process there).
 */
export async function runWorker(config: Config): Promise<void> {
  if (!("url" in config.database)) {
    throw new Error(
      "`finlink worker` needs DATABASE_URL (PostgreSQL); with the embedded store, `finlink start` runs the workers",
    );
  }
  const services = await createServices(config, { supervise: true });
  await startWorkers(services, { concurrency: 4 });
  const stop = async () => {
    await closeServices(services);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
