import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type ConsoleConfig, consoleConfig } from "./config-console";
import type { DatabaseOptions } from "./db/database";
import { MAX_REDIRECTS } from "./features/apps/apps.service";
import { SESSION_OPEN_LIMIT } from "./features/link/open-throttle";
import { ADDRESS_FAILURE_LIMIT, USER_FAILURE_LIMIT } from "./features/link/sign-in-throttle";
import { cronProblem, DAILY_UPDATE_CRON, HOUSEKEEPING_CRON } from "./jobs/cron";

/** Well-known sandbox defaults, documented in the README. Refused outside sandbox mode. */
export const SANDBOX_DEFAULTS = {
  clientId: "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90",
  clientSecret: "fls_sandbox_secret_do_not_use_in_production",
  /** The BFF's callback (`npm start`) and the SPA's Vite dev server's (`pnpm dev`). */
  redirectUris: ["http://localhost:4020/link/callback", "http://localhost:5174/link/callback"],
  webhookUrl: "http://localhost:4020/webhooks/finlink",
  encryptionKey: "c2FuZGJveC1rZXktZm9yLWRldmVsb3BtZW50LW9ubHk", // base64url of 32 bytes, public on purpose
} as const;

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** A five-field cron expression (UTC) that pg-boss schedules (`jobs/cron.ts`). */
const cron = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((text, ctx) => {
      const problem = cronProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} ${problem}` });
    });

const EnvSchema = z.object({
  FINLINK_HOST: z.string().default("127.0.0.1"),
  FINLINK_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  FINLINK_URL: z.url().optional(),
  LINK_URL: z.url().optional(),
  /** The operator console's own listener (decision 011: never on FINLINK_URL's origin); `off` serves none. */
  FINLINK_CONSOLE_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65535)]).default(4011),
  FINLINK_CONSOLE_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  FINLINK_DATA_DIR: z.string().default(`${repoRoot}.data/finlink`),
  FINLINK_SANDBOX: bool,
  FINLINK_SANDBOX_CLIENT_ID: z.uuid().default(SANDBOX_DEFAULTS.clientId),
  FINLINK_SANDBOX_CLIENT_SECRET: z.string().min(16).default(SANDBOX_DEFAULTS.clientSecret),
  /** One URL, or several separated by commas (at most MAX_REDIRECTS). */
  FINLINK_SANDBOX_REDIRECT_URI: z
    .string()
    .default(SANDBOX_DEFAULTS.redirectUris.join(","))
    .transform((text) => text.split(",").map((part) => part.trim()))
    .pipe(z.array(z.url()).min(1).max(MAX_REDIRECTS)),
  FINLINK_SANDBOX_WEBHOOK_URL: z.url().or(z.literal("")).default(SANDBOX_DEFAULTS.webhookUrl),
  FINLINK_SANDBOX_TIME_SCALE: z.coerce.number().min(0).max(100).default(1),
  FINLINK_ENCRYPTION_KEY: z.string().optional(),
  FINLINK_LINK_SESSIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(SESSION_OPEN_LIMIT),
  FINLINK_SIGN_IN_FAILURES_PER_USER: z.coerce.number().int().min(1).max(100_000).default(USER_FAILURE_LIMIT),
  FINLINK_SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(ADDRESS_FAILURE_LIMIT),
  FINLINK_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  FINLINK_IN_PROCESS_WORKER: bool,
  /** Let webhooks go to loopback and private addresses (default: on in sandbox mode only). */
  FINLINK_WEBHOOK_ALLOW_PRIVATE: bool,
  /** Multiplies every delay of the retry schedule (tests: e.g. 0.001); the schedule itself never changes. */
  FINLINK_WEBHOOK_SCHEDULE_SCALE: z.coerce.number().gt(0).max(1).default(1),
  FINLINK_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().gt(0).max(30).default(10),
  FINLINK_WEBHOOK_RETENTION_DAYS: z.coerce.number().gt(0).max(3650).default(30),
  /** How often pg-boss's maintenance (once across processes) fails expired jobs so another worker retries them. */
  FINLINK_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** An extraction job still active after this belonged to a process that died: it runs again elsewhere. */
  FINLINK_EXTRACT_EXPIRE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(600),
  /** The same for one webhook attempt; above FINLINK_WEBHOOK_TIMEOUT_SECONDS. */
  FINLINK_WEBHOOK_EXPIRE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  FINLINK_DAILY_UPDATE_CRON: cron(DAILY_UPDATE_CRON),
  FINLINK_HOUSEKEEPING_CRON: cron(HOUSEKEEPING_CRON),
  /** How often pg-boss checks for due schedules (once across processes); pg-boss takes 1–45 s. */
  FINLINK_CRON_CHECK_SECONDS: z.coerce.number().int().min(1).max(45).default(30),
  FINLINK_LINK_DIST: z.string().default(`${repoRoot}apps/link/dist`),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Everything the server needs, already validated. Tests build one with `testConfig()`. */
export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  linkUrl: string;
  /** The operator console's listener and public URL (its own origin), or null when it is off. */
  console: ConsoleConfig | null;
  database: DatabaseOptions;
  sandbox: {
    enabled: boolean;
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
    webhookUrl: string | null;
    timeScale: number;
  };
  encryptionKey: Buffer;
  /** Reverse proxies in front of the server that append to `X-Forwarded-For` (0: clients connect directly). */
  trustedProxies: number;
  /** Link sessions one client address may open in 10 minutes (`features/link/open-throttle.ts`). */
  linkSessionsPerAddress: number;
  /** Wrong passwords and MFA answers for one entity user in 15 minutes, across sessions (`sign-in-throttle.ts`). */
  signInFailuresPerUser: number;
  /** The same from one client address, across users (password spraying). */
  signInFailuresPerAddress: number;
  inProcessWorker: boolean;
  webhooks: WebhookConfig;
  queues: QueueConfig;
  /** The built Link widget, served at /link. */
  linkDistDir: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
}

export interface QueueConfig {
  maintenanceSeconds: number;
  extractExpireSeconds: number;
  webhookExpireSeconds: number;
  /** When the daily update and housekeeping run: cron expressions, UTC. */
  dailyUpdateCron: string;
  housekeepingCron: string;
  /** pg-boss's clock: how often one process checks the schedules and sends what is due. */
  cronCheckSeconds: number;
}

export interface WebhookConfig {
  /** Deliver to loopback, private, link-local… addresses (the SSRF guard lets them through). */
  allowPrivate: boolean;
  /** Refuse http:// webhook URLs (outside sandbox mode). */
  requireHttps: boolean;
  /** Factor applied to the retry schedule's delays (1 in production). */
  scheduleScale: number;
  timeoutMs: number;
  /** Delivered, failed and skipped events older than this are pruned. */
  retentionMs: number;
}

/** Reads the environment once; the only place that touches `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const sandbox = e.FINLINK_SANDBOX ?? true;
  const publicUrl = (e.FINLINK_URL ?? `http://${e.FINLINK_HOST}:${e.FINLINK_PORT}`).replace(/\/$/, "");
  const keyText = e.FINLINK_ENCRYPTION_KEY ?? (sandbox ? SANDBOX_DEFAULTS.encryptionKey : undefined);
  if (!keyText) throw new Error("FINLINK_ENCRYPTION_KEY is required outside sandbox mode (32 bytes, base64url)");
  if (!sandbox && e.FINLINK_SANDBOX_CLIENT_SECRET === SANDBOX_DEFAULTS.clientSecret && env.FINLINK_SANDBOX_CLIENT_ID) {
    throw new Error("The well-known sandbox client secret is refused outside sandbox mode");
  }
  if (e.FINLINK_WEBHOOK_EXPIRE_SECONDS <= e.FINLINK_WEBHOOK_TIMEOUT_SECONDS) {
    throw new Error("FINLINK_WEBHOOK_EXPIRE_SECONDS must be above FINLINK_WEBHOOK_TIMEOUT_SECONDS");
  }
  const encryptionKey = decodeKey(keyText);
  const weakness = sandbox ? null : keyWeakness(encryptionKey);
  if (weakness) {
    throw new Error(
      `FINLINK_ENCRYPTION_KEY is refused outside sandbox mode: ${weakness}. Make one with \`openssl rand -base64 32\``,
    );
  }
  const linkUrl = e.LINK_URL ?? `${publicUrl}/link`;
  return {
    host: e.FINLINK_HOST,
    port: e.FINLINK_PORT,
    publicUrl,
    linkUrl,
    console: consoleConfig(e, { publicUrl, linkUrl, sandbox }),
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: e.FINLINK_DATA_DIR },
    sandbox: {
      enabled: sandbox,
      clientId: e.FINLINK_SANDBOX_CLIENT_ID,
      clientSecret: e.FINLINK_SANDBOX_CLIENT_SECRET,
      redirectUris: e.FINLINK_SANDBOX_REDIRECT_URI,
      webhookUrl: e.FINLINK_SANDBOX_WEBHOOK_URL || null,
      timeScale: e.FINLINK_SANDBOX_TIME_SCALE,
    },
    encryptionKey,
    trustedProxies: e.FINLINK_TRUSTED_PROXIES,
    linkSessionsPerAddress: e.FINLINK_LINK_SESSIONS_PER_ADDRESS,
    signInFailuresPerUser: e.FINLINK_SIGN_IN_FAILURES_PER_USER,
    signInFailuresPerAddress: e.FINLINK_SIGN_IN_FAILURES_PER_ADDRESS,
    inProcessWorker: e.FINLINK_IN_PROCESS_WORKER ?? true,
    webhooks: {
      allowPrivate: e.FINLINK_WEBHOOK_ALLOW_PRIVATE ?? sandbox,
      requireHttps: !sandbox,
      scheduleScale: e.FINLINK_WEBHOOK_SCHEDULE_SCALE,
      timeoutMs: e.FINLINK_WEBHOOK_TIMEOUT_SECONDS * 1000,
      retentionMs: e.FINLINK_WEBHOOK_RETENTION_DAYS * 86_400_000,
    },
    queues: {
      maintenanceSeconds: e.FINLINK_QUEUE_MAINTENANCE_SECONDS,
      extractExpireSeconds: e.FINLINK_EXTRACT_EXPIRE_SECONDS,
      webhookExpireSeconds: e.FINLINK_WEBHOOK_EXPIRE_SECONDS,
      dailyUpdateCron: e.FINLINK_DAILY_UPDATE_CRON,
      housekeepingCron: e.FINLINK_HOUSEKEEPING_CRON,
      cronCheckSeconds: e.FINLINK_CRON_CHECK_SECONDS,
    },
    linkDistDir: e.FINLINK_LINK_DIST,
    logLevel: e.LOG_LEVEL,
  };
}

/** The key's 32 bytes from base64url or base64 (padding optional); anything else is an error, not skipped. */
function decodeKey(text: string): Buffer {
  // Buffer.from skips characters outside the alphabet: checked first, so a typo cannot shorten the key silently.
  if (!/^[A-Za-z0-9_+/-]+={0,2}$/.test(text)) {
    throw new Error("FINLINK_ENCRYPTION_KEY must be base64url (or base64): 32 bytes, e.g. `openssl rand -base64 32`");
  }
  const key = Buffer.from(text.replace(/=+$/, ""), "base64url");
  if (key.length !== 32)
    throw new Error(`FINLINK_ENCRYPTION_KEY must decode to 32 bytes (base64url), not ${key.length}`);
  return key;
}

const WELL_KNOWN_KEY = Buffer.from(SANDBOX_DEFAULTS.encryptionKey, "base64url");
/** 32 random bytes hold fewer than 16 distinct values with a probability below 10^-12. */
const MIN_DISTINCT_BYTES = 16;
/**
 * A random key differs from the well-known one in ~128 of 256 bits (binomial, σ = 8): fewer than 64 is
 * 8 σ out, probability 8·10^-17. Closer than that is the sandbox key edited by hand (a bit flipped, a
 * character changed), which anyone who tries a few variants of the public key finds.
 */
const MIN_BITS_FROM_WELL_KNOWN = 64;
/**
 * 32 random bytes all lie within 64 consecutive values (max − min < 64) with probability
 * Σ_a P(min = a, max ≤ a + 63) = 193·((64/256)^32 − (63/256)^32) + (63/256)^32 ≈ 4·10^-18: a narrower
 * spread is a key typed as small numbers or letters of one case, with far fewer than 256 bits of entropy.
 */
const MIN_BYTE_SPREAD = 64;
const BLOCK = 8;

/**
 * Why a key is too weak to protect real credentials, or null. Compared as bytes, so no spelling of the
 * well-known key (padding, the base64 alphabet) gets through; weak shapes are what people type or paste
 * by hand: the sandbox key edited, all zero, one byte repeated, few distinct bytes, a counting sequence,
 * a repeated block, printable text, or bytes in a narrow range. Each rule refuses a random key with a
 * probability below 10^-12 (see the constants).
 */
export function keyWeakness(key: Buffer): string | null {
  const fromWellKnown = bitsDiffering(key, WELL_KNOWN_KEY);
  if (fromWellKnown === 0) return "it is the well-known sandbox key";
  if (fromWellKnown < MIN_BITS_FROM_WELL_KNOWN) {
    return `it differs from the well-known sandbox key in only ${fromWellKnown} of 256 bits (random keys differ in about 128)`;
  }
  if (key.every((byte) => byte === 0)) return "it is all zero bytes";
  const distinct = new Set(key).size;
  if (distinct === 1) return "it is one byte repeated";
  const step = ((key[1] ?? 0) - (key[0] ?? 0) + 256) % 256;
  if (key.every((byte, i) => i === 0 || (byte - (key[i - 1] ?? 0) + 256) % 256 === step)) {
    return "it is a simple sequence of bytes";
  }
  if (distinct < MIN_DISTINCT_BYTES) return `it has only ${distinct} distinct bytes (random keys have about 30)`;
  const repeated = repeatedBlock(key);
  if (repeated) return repeated;
  if (key.every((byte) => byte >= 0x20 && byte < 0x7f)) return "it is printable text, not random bytes";
  const spread = Math.max(...key) - Math.min(...key);
  if (spread < MIN_BYTE_SPREAD) {
    return `its bytes span only ${spread + 1} values (random keys span about 240), not random bytes`;
  }
  return null;
}

function bitsDiffering(a: Buffer, b: Buffer): number {
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    for (let x = (a[i] ?? 0) ^ (b[i] ?? 0); x; x &= x - 1) bits++;
  }
  return bits;
}

/**
 * Whether some 8 bytes occur twice (at any two offsets), the mark of a shorter secret pasted twice. For a
 * random key each of the C(25, 2) = 300 pairs of 8-byte windows matches with probability 2^-64 (also when
 * they overlap: each byte of the second is then fixed by an earlier one), so 300·2^-64 ≈ 1.6·10^-17.
 */
function repeatedBlock(key: Buffer): string | null {
  const half = key.length / 2;
  if (key.subarray(0, half).equals(key.subarray(half))) return `its two ${half}-byte halves are equal`;
  const seen = new Map<string, number>();
  for (let i = 0; i + BLOCK <= key.length; i++) {
    const block = key.subarray(i, i + BLOCK).toString("hex");
    const first = seen.get(block);
    if (first !== undefined) return `it repeats ${BLOCK} bytes (bytes ${first}–${first + BLOCK - 1} again at ${i})`;
    seen.set(block, i);
  }
  return null;
}

/** The PostgreSQL server integration tests also run on, when `DATABASE_URL` is set. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL || undefined;
}
