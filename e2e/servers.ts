import { fileURLToPath } from "node:url";

/**
 * Where the e2e servers listen. The site server answers on 127.0.0.1, so it is reachable under two
 * origins: `localhost` (registered as the sandbox app's redirect) and `127.0.0.1` (not registered).
 */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LINK_DIST = `${REPO_ROOT}apps/link/dist`;
export const FINLINK_PORT = 4710;
export const SITE_PORT = 4711;
export const FINLINK_ORIGIN = `http://127.0.0.1:${FINLINK_PORT}`;
export const SITE_ORIGIN = `http://localhost:${SITE_PORT}`;
export const UNREGISTERED_SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;
export const REDIRECT_URI = `${SITE_ORIGIN}/callback`;

/** The seeded sandbox app's well-known credentials (README, `SANDBOX_DEFAULTS` in apps/finlink/src/config.ts). */
export const SANDBOX_APP = {
  clientId: "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90",
  clientSecret: "fls_sandbox_secret_do_not_use_in_production",
  name: "Sandbox demo app",
} as const;

/** Variables a developer's shell may carry that would point the test server somewhere else. */
export const FINLINK_UNSET_ENV = ["DATABASE_URL", "LINK_URL", "FINLINK_ENCRYPTION_KEY"] as const;

/**
 * How to start a sandbox Finlink for browser tests: `node <args>` from the repo root, with `env` added.
 * The sandbox's extraction delays run at 5 % so a connection is READY in about a tenth of a second.
 */
export function finlinkServer(dataDir: string): { args: string[]; env: Record<string, string> } {
  return {
    args: [`${REPO_ROOT}node_modules/tsx/dist/cli.mjs`, `${REPO_ROOT}apps/finlink/src/cli.ts`, "start"],
    env: {
      FINLINK_PORT: String(FINLINK_PORT),
      FINLINK_HOST: "127.0.0.1",
      FINLINK_URL: FINLINK_ORIGIN,
      FINLINK_DATA_DIR: dataDir,
      FINLINK_SANDBOX: "true",
      FINLINK_SANDBOX_CLIENT_ID: SANDBOX_APP.clientId,
      FINLINK_SANDBOX_CLIENT_SECRET: SANDBOX_APP.clientSecret,
      FINLINK_SANDBOX_REDIRECT_URI: REDIRECT_URI,
      FINLINK_SANDBOX_WEBHOOK_URL: "",
      FINLINK_SANDBOX_TIME_SCALE: "0.05",
      FINLINK_IN_PROCESS_WORKER: "true",
      FINLINK_LINK_DIST: LINK_DIST,
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
