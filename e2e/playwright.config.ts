import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import {
  APP_ORIGIN,
  APP_UNSET_ENV,
  appServer,
  CHROMIUM_LAUNCH_OPTIONS,
  FINLINK_ORIGIN,
  FINLINK_UNSET_ENV,
  finlinkServer,
  REPO_ROOT,
  SITE_PORT,
} from "./servers";

// Workers load this file again; they inherit the main process's environment, so the directory is made once.
// The database lives one level down because PGlite's lock file sits beside its directory: teardown removes both.
process.env.FINLINK_E2E_TMP_DIR ??= mkdtempSync(join(tmpdir(), "finlink-e2e-"));
const finlink = finlinkServer(join(process.env.FINLINK_E2E_TMP_DIR, "data"));
const app = appServer(join(process.env.FINLINK_E2E_TMP_DIR, "app-data"));
const unset = FINLINK_UNSET_ENV.map((name) => `-u ${name}`).join(" ");
const appUnset = APP_UNSET_ENV.map((name) => `-u ${name}`).join(" ");

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }], ["./summary-reporter.ts"]],
  globalSetup: "./global-setup.ts",
  globalTeardown: "./global-teardown.ts",
  use: {
    browserName: "chromium",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    locale: "en-GB",
    video: "off",
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      // `env -u`: a DATABASE_URL in the developer's shell must not point the test server at a shared database.
      command: `env ${unset} node ${finlink.args.join(" ")}`,
      cwd: REPO_ROOT,
      env: finlink.env,
      url: `${FINLINK_ORIGIN}/api/v1/openapi.json`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // The BFF logs in to Finlink lazily, so it may start before Finlink answers.
      command: `env ${appUnset} node ${app.args.join(" ")}`,
      cwd: REPO_ROOT,
      env: app.env,
      url: `${APP_ORIGIN}/api/me`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      command: "node fixtures/site-server.mjs",
      env: { SITE_PORT: String(SITE_PORT), SITE_FINLINK_ORIGIN: FINLINK_ORIGIN },
      url: `http://127.0.0.1:${SITE_PORT}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
