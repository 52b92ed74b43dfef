import { parseArgs } from "node:util";
import { type Config, loadConfig } from "./config";
import type { Database } from "./db/database";
import { createApp, updateAppLinks } from "./features/apps/apps.service";
import { checkWebhookUrl as checkWebhookTarget } from "./features/webhooks/target";
import { serveFinlink } from "./server";
import { runWorker } from "./worker";

const USAGE = `Usage: finlink <command>

  start                       API server (and, by default, workers) on FINLINK_PORT
  worker                      extraction workers only (needs DATABASE_URL: PostgreSQL)
  apps create --name <name> --redirect-uri <uri> [--redirect-uri <uri> …]
              [--webhook-url <url>] [--start-flow-only]
              [--privacy-policy-url <url>] [--terms-url <url>]
                              registers an app; prints its client id and secret (shown once)
  apps update --client-id <id> [--privacy-policy-url <url>] [--terms-url <url>]
                              sets the links Link's consent screen shows ("" removes one);
                              https only outside sandbox mode
  operators create <username>
                              registers a console operator; the password (12–256 characters) is
                              read from stdin, never from the command line:
                              read -rs P && printf '%s\n' "$P" | finlink operators create ana
  operators list              every operator: username, created, locked (by wrong passwords), disabled
  operators set-password <username>
                              a new password, from stdin as for create; ends the operator's sessions
                              and clears the lockout
  operators disable <username>
                              the operator can no longer sign in; their open sessions end now
  operators enable <username> lets a disabled operator sign in again
  operators delete <username> removes the operator and their sessions
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
  const { Cipher } = await import("./lib/crypto");
  const { KeyStore } = await import("./lib/keys");
  await withDatabase(config, async (database) => {
    const cipher = new Cipher(config.encryptionKey);
    // Fails clearly when the stored keys were made under another FINLINK_ENCRYPTION_KEY.
    await KeyStore.open(database, cipher);
    for (const purpose of purposes) {
      const { kid, retired } = await KeyStore.rotate(database, cipher, purpose);
      process.stdout.write(`${JSON.stringify({ purpose, kid, retired })}\n`);
    }
  });
}

async function appsCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "webhook-url": { type: "string" },
      "start-flow-only": { type: "boolean", default: false },
      ...LINK_OPTIONS,
    },
  });
  const { name, "redirect-uri": redirectUris } = values;
  if (!name || !redirectUris?.length) throw new Error(`--name and --redirect-uri are required\n\n${USAGE}`);
  const config = loadConfig();
  const webhookProblem = values["webhook-url"] && checkWebhookTarget(values["webhook-url"], config.webhooks);
  if (webhookProblem) throw new Error(`--webhook-url: ${webhookProblem}`);
  const app = await withDatabase(config, (database) =>
    createApp(database, {
      name,
      redirectUris,
      webhookUrl: values["webhook-url"] ?? null,
      startFlowOnly: values["start-flow-only"],
      privacyPolicyUrl: values["privacy-policy-url"] ?? null,
      termsUrl: values["terms-url"] ?? null,
      linkPolicy: linkPolicy(config),
    }),
  );
  process.stdout.write(
    `${JSON.stringify(app, null, 2)}\nKeep the clientSecret now: it is stored hashed and cannot be shown again.\n`,
  );
}

const LINK_OPTIONS = { "privacy-policy-url": { type: "string" }, "terms-url": { type: "string" } } as const;

/** Consent-screen links as webhook URLs: https outside sandbox mode. */
const linkPolicy = (config: Config) => ({ requireHttps: !config.sandbox.enabled });

async function withDatabase<T>(config: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const { openDatabase } = await import("./db/database");
  const { migrate } = await import("./db/migrate");
  const database = await openDatabase(config.database);
  try {
    await migrate(database);
    return await run(database);
  } finally {
    await database.close();
  }
}

async function appsUpdate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { "client-id": { type: "string" }, ...LINK_OPTIONS } });
  const clientId = values["client-id"];
  if (!clientId) throw new Error(`--client-id is required\n\n${USAGE}`);
  const links = { privacyPolicyUrl: values["privacy-policy-url"], termsUrl: values["terms-url"] };
  if (links.privacyPolicyUrl === undefined && links.termsUrl === undefined) {
    throw new Error(`Nothing to update: give --privacy-policy-url or --terms-url\n\n${USAGE}`);
  }
  const config = loadConfig();
  const settings = await withDatabase(config, (database) =>
    updateAppLinks(database, clientId, links, linkPolicy(config)),
  );
  const { name, privacyPolicyUrl, termsUrl } = settings;
  process.stdout.write(`${JSON.stringify({ clientId, name, privacyPolicyUrl, termsUrl }, null, 2)}\n`);
}

/** The first line of stdin (without its line break): where `operators create` takes the password from. */
async function readStdinLine(): Promise<string> {
  if (process.stdin.isTTY)
    throw new Error(`pipe the password into stdin (it never goes on the command line)\n\n${USAGE}`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

async function operatorsCreate(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [username, ...extra] = positionals;
  if (!username || extra.length > 0) throw new Error(`operators create takes one username\n\n${USAGE}`);
  const password = await readStdinLine();
  const { createOperator } = await import("./features/console/operators.service");
  const operator = await withDatabase(loadConfig(), (database) => createOperator(database, username, password));
  process.stdout.write(`${JSON.stringify(operator)}\n`);
}

/** The one username `operators <sub>` takes. */
function oneUsername(sub: string, args: string[]): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [username, ...extra] = positionals;
  if (!username || extra.length > 0) throw new Error(`operators ${sub} takes one username\n\n${USAGE}`);
  return username;
}

type OperatorCommand = (args: string[]) => Promise<(database: Database) => Promise<unknown>>;
const admin = () => import("./features/console/operators-admin");

/** `operators <sub>` but create: each reads its arguments (and stdin) before the database is opened. */
const OPERATOR_COMMANDS: Record<string, OperatorCommand> = {
  list: async (args) => {
    parseArgs({ args, options: {} });
    const { listOperators } = await admin();
    return (database) => listOperators(database, new Date());
  },
  "set-password": async (args) => {
    const username = oneUsername("set-password", args);
    const password = await readStdinLine();
    const { setOperatorPassword } = await admin();
    return (database) => setOperatorPassword(database, username, password);
  },
  disable: async (args) => {
    const username = oneUsername("disable", args);
    const { disableOperator } = await admin();
    return (database) => disableOperator(database, username, new Date());
  },
  enable: async (args) => {
    const username = oneUsername("enable", args);
    const { enableOperator } = await admin();
    return (database) => enableOperator(database, username);
  },
  delete: async (args) => {
    const username = oneUsername("delete", args);
    const { deleteOperator } = await admin();
    return (database) => deleteOperator(database, username);
  },
};

async function operatorsAdmin(command: OperatorCommand, args: string[], pretty: boolean): Promise<void> {
  const run = await command(args);
  const answer = await withDatabase(loadConfig(), run);
  process.stdout.write(`${JSON.stringify(answer, null, pretty ? 2 : undefined)}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === "start") return serveFinlink(loadConfig());
  if (command === "worker") return runWorker(loadConfig());
  if (command === "apps" && sub === "create") return appsCreate(rest);
  if (command === "apps" && sub === "update") return appsUpdate(rest);
  if (command === "keys" && sub === "rotate") return keysRotate(rest);
  if (command === "operators" && sub === "create") return operatorsCreate(rest);
  const operatorCommand =
    command === "operators" && sub ? Object.hasOwn(OPERATOR_COMMANDS, sub) && OPERATOR_COMMANDS[sub] : undefined;
  if (operatorCommand) return operatorsAdmin(operatorCommand, rest, sub === "list");
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
