import { parseArgs } from "node:util";
import { loadConfig } from "./config";
import { createApp } from "./features/apps/apps.service";
import { serveFinlink } from "./server";
import { runWorker } from "./worker";

const USAGE = `Usage: finlink <command>

  start                       API server (and, by default, workers) on FINLINK_PORT
  worker                      extraction workers only (needs DATABASE_URL: PostgreSQL)
  apps create --name <name> --redirect-uri <uri> [--redirect-uri <uri> …]
              [--webhook-url <url>] [--start-flow-only]
                              registers an app; prints its client id and secret (shown once)
`;

async function appsCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "webhook-url": { type: "string" },
      "start-flow-only": { type: "boolean", default: false },
    },
  });
  if (!values.name || !values["redirect-uri"]?.length)
    throw new Error(`--name and --redirect-uri are required\n\n${USAGE}`);
  const { openDatabase } = await import("./db/database");
  const { migrate } = await import("./db/migrate");
  const database = await openDatabase(loadConfig().database);
  try {
    await migrate(database);
    const app = await createApp(database, {
      name: values.name,
      redirectUris: values["redirect-uri"],
      webhookUrl: values["webhook-url"] ?? null,
      startFlowOnly: values["start-flow-only"],
    });
    process.stdout.write(
      `${JSON.stringify(app, null, 2)}\nKeep the clientSecret now: it is stored hashed and cannot be shown again.\n`,
    );
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === "start") return serveFinlink(loadConfig());
  if (command === "worker") return runWorker(loadConfig());
  if (command === "apps" && sub === "create") return appsCreate(rest);
  process.stderr.write(USAGE);
  process.exitCode = command ? 2 : 0;
}

// pg-boss 10 does not await complete/fail: a database blip there must be logged, not crash the process.
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`finlink: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`finlink: ${error.message}\n`);
  process.exit(1);
});
