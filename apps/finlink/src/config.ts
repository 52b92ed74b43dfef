import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { DatabaseOptions } from "./db/database";

/** Well-known sandbox defaults, documented in the README. Refused outside sandbox mode. */
export const SANDBOX_DEFAULTS = {
  clientId: "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90",
  clientSecret: "fls_sandbox_secret_do_not_use_in_production",
  redirectUri: "http://localhost:4020/link/callback",
  webhookUrl: "http://localhost:4020/webhooks/finlink",
  encryptionKey: "c2FuZGJveC1rZXktZm9yLWRldmVsb3BtZW50LW9ubHk", // base64url of 32 bytes, public on purpose
} as const;

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

const EnvSchema = z.object({
  FINLINK_HOST: z.string().default("127.0.0.1"),
  FINLINK_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  FINLINK_URL: z.url().optional(),
  LINK_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  FINLINK_DATA_DIR: z.string().default(`${repoRoot}.data/finlink`),
  FINLINK_SANDBOX: bool,
  FINLINK_SANDBOX_CLIENT_ID: z.uuid().default(SANDBOX_DEFAULTS.clientId),
  FINLINK_SANDBOX_CLIENT_SECRET: z.string().min(16).default(SANDBOX_DEFAULTS.clientSecret),
  FINLINK_SANDBOX_REDIRECT_URI: z.url().default(SANDBOX_DEFAULTS.redirectUri),
  FINLINK_SANDBOX_WEBHOOK_URL: z.url().or(z.literal("")).default(SANDBOX_DEFAULTS.webhookUrl),
  FINLINK_SANDBOX_TIME_SCALE: z.coerce.number().min(0).max(100).default(1),
  FINLINK_ENCRYPTION_KEY: z.string().optional(),
  FINLINK_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  FINLINK_IN_PROCESS_WORKER: bool,
  FINLINK_LINK_DIST: z.string().default(`${repoRoot}apps/link/dist`),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Everything the server needs, already validated. Tests build one with `testConfig()`. */
export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  linkUrl: string;
  database: DatabaseOptions;
  sandbox: {
    enabled: boolean;
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    webhookUrl: string | null;
    timeScale: number;
  };
  encryptionKey: Buffer;
  /** Reverse proxies in front of the server that append to `X-Forwarded-For` (0: clients connect directly). */
  trustedProxies: number;
  inProcessWorker: boolean;
  /** The built Link widget, served at /link. */
  linkDistDir: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
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
  const encryptionKey = decodeKey(keyText);
  const weakness = sandbox ? null : keyWeakness(encryptionKey);
  if (weakness) {
    throw new Error(
      `FINLINK_ENCRYPTION_KEY is refused outside sandbox mode: ${weakness}. Make one with \`openssl rand -base64 32\``,
    );
  }
  return {
    host: e.FINLINK_HOST,
    port: e.FINLINK_PORT,
    publicUrl,
    linkUrl: e.LINK_URL ?? `${publicUrl}/link`,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: e.FINLINK_DATA_DIR },
    sandbox: {
      enabled: sandbox,
      clientId: e.FINLINK_SANDBOX_CLIENT_ID,
      clientSecret: e.FINLINK_SANDBOX_CLIENT_SECRET,
      redirectUri: e.FINLINK_SANDBOX_REDIRECT_URI,
      webhookUrl: e.FINLINK_SANDBOX_WEBHOOK_URL || null,
      timeScale: e.FINLINK_SANDBOX_TIME_SCALE,
    },
    encryptionKey,
    trustedProxies: e.FINLINK_TRUSTED_PROXIES,
    inProcessWorker: e.FINLINK_IN_PROCESS_WORKER ?? true,
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
 * Why a key is too weak to protect real credentials, or null. Compared as bytes, so no spelling of the
 * well-known key (padding, the base64 alphabet) gets through; weak shapes are what people type or paste
 * by hand: all zero, one byte repeated, few distinct bytes, a counting sequence, or printable text.
 */
export function keyWeakness(key: Buffer): string | null {
  if (key.equals(WELL_KNOWN_KEY)) return "it is the well-known sandbox key";
  if (key.every((byte) => byte === 0)) return "it is all zero bytes";
  const distinct = new Set(key).size;
  if (distinct === 1) return "it is one byte repeated";
  const step = ((key[1] ?? 0) - (key[0] ?? 0) + 256) % 256;
  if (key.every((byte, i) => i === 0 || (byte - (key[i - 1] ?? 0) + 256) % 256 === step)) {
    return "it is a simple sequence of bytes";
  }
  if (distinct < MIN_DISTINCT_BYTES) return `it has only ${distinct} distinct bytes (random keys have about 30)`;
  if (key.every((byte) => byte >= 0x20 && byte < 0x7f)) return "it is printable text, not random bytes";
  return null;
}

/** The PostgreSQL server integration tests also run on, when `DATABASE_URL` is set. */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL || undefined;
}
