import { fileURLToPath } from "node:url";

/**
 * Where the e2e servers listen. The site server answers on 127.0.0.1, so it is reachable under two
 * origins: `localhost` (registered as the sandbox app's redirect) and `127.0.0.1` (not registered).
 */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LINK_DIST = `${REPO_ROOT}apps/link/dist`;
export const FINLINK_PORT = 4710;
export const SITE_PORT = 4711;
/** The demo integration's BFF, serving the built SPA: the app a user signs in to. */
export const APP_PORT = 4712;
/** The operator console: a listener and origin of its own, never the API's (decision 011). */
export const CONSOLE_PORT = 4713;
export const FINLINK_ORIGIN = `http://127.0.0.1:${FINLINK_PORT}`;
export const CONSOLE_ORIGIN = `http://127.0.0.1:${CONSOLE_PORT}`;
export const SITE_ORIGIN = `http://localhost:${SITE_PORT}`;
export const UNREGISTERED_SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;
export const REDIRECT_URI = `${SITE_ORIGIN}/callback`;
export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
/** The BFF's redirect: registered for the sandbox app beside the site's. */
export const APP_CALLBACK_URI = `${APP_ORIGIN}/link/callback`;
export const WEB_DIST = `${REPO_ROOT}apps/web/dist`;

/** The seeded sandbox app's well-known credentials (README, `SANDBOX_DEFAULTS` in apps/finlink/src/config.ts). */
export const SANDBOX_APP = {
  clientId: "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90",
  clientSecret: "fls_sandbox_secret_do_not_use_in_production",
  name: "Sandbox demo app",
} as const;

/** The console operator e2e signs in as: registered with `finlink operators create` before the server starts. */
export const E2E_OPERATOR = { username: "e2e-operator", password: "e2e operator password, tests only" } as const;

/** Variables a developer's shell may carry that would point the test server somewhere else. */
export const FINLINK_UNSET_ENV = ["DATABASE_URL", "LINK_URL", "FINLINK_ENCRYPTION_KEY"] as const;
/** The same for the BFF. */
export const APP_UNSET_ENV = [
  "APP_DATABASE_URL",
  "APP_SECRET_KEY",
  "FINLINK_REDIRECT_ID",
  "LINK_URL",
  "NODE_ENV",
] as const;

/**
 * How to start a sandbox Finlink for browser tests: `node <args>` from the repo root, with `env` added.
 * The sandbox's extraction delays run at their own pace (`user_good`: 2 s), so the demo app shows PENDING
 * before READY as a user would see it.
 */
export function finlinkServer(dataDir: string): { args: string[]; env: Record<string, string> } {
  return {
    args: [`${REPO_ROOT}node_modules/tsx/dist/cli.mjs`, `${REPO_ROOT}e2e/scripts/finlink-start.mjs`],
    env: {
      E2E_OPERATOR_USERNAME: E2E_OPERATOR.username,
      E2E_OPERATOR_PASSWORD: E2E_OPERATOR.password,
      FINLINK_PORT: String(FINLINK_PORT),
      FINLINK_HOST: "127.0.0.1",
      FINLINK_URL: FINLINK_ORIGIN,
      FINLINK_CONSOLE_PORT: String(CONSOLE_PORT),
      FINLINK_CONSOLE_URL: CONSOLE_ORIGIN,
      FINLINK_DATA_DIR: dataDir,
      FINLINK_SANDBOX: "true",
      FINLINK_SANDBOX_CLIENT_ID: SANDBOX_APP.clientId,
      FINLINK_SANDBOX_CLIENT_SECRET: SANDBOX_APP.clientSecret,
      FINLINK_SANDBOX_REDIRECT_URI: `${REDIRECT_URI},${APP_CALLBACK_URI}`,
      // The BFF receives the demo app's webhooks (its live status stream is fed from them).
      FINLINK_SANDBOX_WEBHOOK_URL: `${APP_ORIGIN}/webhooks/finlink`,
      FINLINK_SANDBOX_TIME_SCALE: "1",
      FINLINK_IN_PROCESS_WORKER: "true",
      // Every test opens Link from 127.0.0.1: the suite opens more than the 60 a real address may.
      FINLINK_LINK_SESSIONS_PER_ADDRESS: "10000",
      // Every browser test signs in from 127.0.0.1 as the same few sandbox users, with wrong passwords and codes on
      // purpose: the guessing limits across sessions (10 per user, 50 per address in 15 min) would refuse later tests.
      // Each session's own limit (5 wrong, then locked) still applies, and unit tests hold the defaults.
      FINLINK_SIGN_IN_FAILURES_PER_USER: "10000",
      FINLINK_SIGN_IN_FAILURES_PER_ADDRESS: "10000",
      FINLINK_LINK_DIST: LINK_DIST,
      LOG_LEVEL: "warn",
    },
  };
}

/** How to start the demo app's BFF (serving the built SPA) in front of that Finlink. */
export function appServer(dataDir: string): { args: string[]; env: Record<string, string> } {
  return {
    args: [`${REPO_ROOT}node_modules/tsx/dist/cli.mjs`, `${REPO_ROOT}apps/bff/src/cli.ts`, "start"],
    env: {
      APP_HOST: "127.0.0.1",
      APP_PORT: String(APP_PORT),
      APP_URL: APP_ORIGIN,
      APP_DATA_DIR: dataDir,
      APP_WEB_DIST: WEB_DIST,
      FINLINK_URL: FINLINK_ORIGIN,
      FINLINK_CLIENT_ID: SANDBOX_APP.clientId,
      FINLINK_CLIENT_SECRET: SANDBOX_APP.clientSecret,
      LOG_LEVEL: "warn",
    },
  };
}

/** Debian's Chromium: Playwright cannot download its own browser builds here. */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
