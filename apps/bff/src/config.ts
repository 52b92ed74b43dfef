import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { DatabaseOptions } from "./db/database";

/**
 * The sandbox demo app's well-known credentials, as Finlink seeds it (apps/finlink/src/config.ts
 * SANDBOX_DEFAULTS, copied: the BFF is an integrator and does not import Finlink's code). Finlink's default
 * FINLINK_SANDBOX_REDIRECT_URI is this BFF's default APP_URL + `/link/callback`.
 */
export const FINLINK_SANDBOX_APP = {
  clientId: "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90",
  clientSecret: "fls_sandbox_secret_do_not_use_in_production",
} as const;

/** The public development key (base64url of the 32 bytes `bff-dev-key-public-never-in-prod`): refused in production and off localhost. */
export const DEV_SECRET_KEY = "YmZmLWRldi1rZXktcHVibGljLW5ldmVyLWluLXByb2Q";

const packageRoot = fileURLToPath(new URL("../", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  APP_HOST: z.string().default("127.0.0.1"),
  APP_PORT: z.coerce.number().int().min(0).max(65535).default(4020),
  APP_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:4020"),
  APP_DATABASE_URL: z.string().min(1).optional(),
  APP_DATA_DIR: z.string().default(`${repoRoot}.data/bff`),
  APP_SECRET_KEY: z.string().optional(),
  APP_WEB_DIST: z.string().default(`${packageRoot}../web/dist`),
  FINLINK_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:4010"),
  LINK_URL: z.url({ protocol: /^https?$/ }).optional(),
  FINLINK_CLIENT_ID: z.string().min(1).default(FINLINK_SANDBOX_APP.clientId),
  FINLINK_CLIENT_SECRET: z.string().min(1).default(FINLINK_SANDBOX_APP.clientSecret),
  FINLINK_REDIRECT_ID: z.uuid().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Everything the BFF needs, already validated. Tests build one with `testConfig()`. */
export interface Config {
  host: string;
  port: number;
  /** The SPA's and the BFF's one origin, without a trailing slash (`http://localhost:4020`). */
  appUrl: string;
  /** Served over https: cookies get `Secure` and the `__Host-` prefix. */
  secure: boolean;
  database: DatabaseOptions;
  /** 32 bytes: encrypts connection tokens (AES-256-GCM) and derives the exchange idempotency keys. */
  secretKey: Buffer;
  webDistDir: string;
  finlink: {
    url: string;
    linkUrl: string;
    clientId: string;
    clientSecret: string;
    /** The registered redirect Link ends on; found through `GET /api/v1/queries/app` when not set. */
    redirectId: string | undefined;
  };
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Reads the environment once; the only place that touches `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const appUrl = new URL(e.APP_URL);
  const secretKey = decodeKey(e.APP_SECRET_KEY ?? DEV_SECRET_KEY);
  // The dev key is in the repository: anyone could decrypt the stored connection tokens with it. Compared
  // as bytes, so no other spelling of it (padding, the base64 alphabet) gets through.
  const isDevKey = secretKey.equals(Buffer.from(DEV_SECRET_KEY, "base64url"));
  if (isDevKey && (e.NODE_ENV === "production" || !LOCAL_HOSTS.has(appUrl.hostname))) {
    throw new Error(
      "APP_SECRET_KEY is required when NODE_ENV=production or APP_URL is not localhost: the development key is public. " +
        "Make one with `openssl rand -base64 32`",
    );
  }
  const finlinkUrl = e.FINLINK_URL.replace(/\/$/, "");
  return {
    host: e.APP_HOST,
    port: e.APP_PORT,
    appUrl: appUrl.origin,
    secure: appUrl.protocol === "https:",
    database: e.APP_DATABASE_URL ? { url: e.APP_DATABASE_URL } : { dataDir: e.APP_DATA_DIR },
    secretKey,
    webDistDir: e.APP_WEB_DIST,
    finlink: {
      url: finlinkUrl,
      linkUrl: e.LINK_URL ?? `${finlinkUrl}/link`,
      clientId: e.FINLINK_CLIENT_ID,
      clientSecret: e.FINLINK_CLIENT_SECRET,
      redirectId: e.FINLINK_REDIRECT_ID,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** The key's 32 bytes from base64url or base64; anything else is an error, never silently shortened. */
function decodeKey(text: string): Buffer {
  if (!/^[A-Za-z0-9_+/-]+={0,2}$/.test(text)) {
    throw new Error("APP_SECRET_KEY must be base64url (or base64) of 32 bytes, e.g. `openssl rand -base64 32`");
  }
  const key = Buffer.from(text.replace(/=+$/, ""), "base64url");
  if (key.length !== 32) throw new Error(`APP_SECRET_KEY must decode to 32 bytes, not ${key.length}`);
  return key;
}

/** The PostgreSQL server integration tests also run on, when `DATABASE_URL` is set (as Finlink's tests). */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL || undefined;
}
