import { parseArgs } from "node:util";
import { loadConfig } from "./config";
import { createApp } from "./features/apps/apps.service";
import { checkWebhookUrl as checkWebhookTarget } from "./features/webhooks/target";
import { serveFinlink } from "./server";
import { runWorker } from "./worker";

const USAGE = `Usage: finlink <command>

  start                       API server (and, by default, workers) on FINLINK_PORT
  worker                      extraction workers only (needs DATABASE_URL: PostgreSQL)
  apps create --name <name> --redirect-uri <uri> [--redirect-uri <uri> …]
              [--webhook-url <url>] [--start-flow-only]
                              registers an app; prints its client id and secret (shown once)
  keys rotate [--purpose webhook|api|all]
                              makes a new signing key current (default: webhook); the replaced key
                              still verifies and is published for 3 days
`;

async function keysRotate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { purpose: { type: "string", default: "webhook" } } });
  const known = ["webhook", "api"] as const;
  const purposes = values.purpose === "all" ? known : known.filter((p) => p === values.purpose);
  if (purposes.length === 0) throw new Error(`--purpose must be webhook, api or all\n\n${USAGE}`);
  const config = loadConfig();
  const { openDatabase } = await import("./db/database");
  const { migrate } = await import("./db/migrate");
  const { Cipher } = await import("./lib/crypto");
  const { KeyStore } = await import("./lib/keys");
  const database = await openDatabase(config.database);
  try {
    await migrate(database);
    const cipher = new Cipher(config.encryptionKey);
    // Fails clearly when the stored keys were made under another FINLINK_ENCRYPTION_KEY.
    await KeyStore.open(database, cipher);
    for (const purpose of purposes) {
      const { kid, retired } = await KeyStore.rotate(database, cipher, purpose);
      process.stdout.write(`${JSON.stringify({ purpose, kid, retired })}\n`);
    }
  } finally {
    await database.close();
  }
}

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
  const config = loadConfig();
  const webhookProblem = values["webhook-url"] && checkWebhookTarget(values["webhook-url"], config.webhooks);
  if (webhookProblem) throw new Error(`--webhook-url: ${webhookProblem}`);
  const { openDatabase } = await import("./db/database");
  const { migrate } = await import("./db/migrate");
  const database = await openDatabase(config.database);
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
  if (command === "keys" && sub === "rotate") return keysRotate(rest);
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
