import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { loadConfig, SANDBOX_DEFAULTS } from "../../config";
import { apps } from "../../db/schema";
import { seedSandboxDemo } from "../../server";
import { closeServices, createServices } from "../../services";
import { testBackends } from "../../testing/backends";
import type { Backend } from "../../testing/test-context";
import { createTemporaryDatabase } from "../../testing/test-database";
import { createApp as createFinlinkApp, seedSandboxApp } from "../apps/apps.service";

// Data created in sandbox mode keeps the seeded demo app, whose secret is in the README: once the same
// database runs with FINLINK_SANDBOX=false, that app must not log in.

/** A fresh database (a PGlite directory, or a temporary PostgreSQL database) that tests open and reopen. */
async function freshStorage(backend: Backend) {
  const dir = mkdtempSync(join(tmpdir(), "finlink-demo-"));
  const temporary = backend.kind === "postgres" ? await createTemporaryDatabase(backend.serverUrl) : undefined;
  const env: Record<string, string> = temporary
    ? { DATABASE_URL: temporary.url }
    : { FINLINK_DATA_DIR: join(dir, "data") };
  const key = randomBytes(32).toString("base64url");
  /** The server's services and its login endpoint on that database, configured by `env`. */
  const open = async (extra: Record<string, string>, logLines: string[] = []) => {
    const config = loadConfig({ ...env, FINLINK_ENCRYPTION_KEY: key, FINLINK_IN_PROCESS_WORKER: "false", ...extra });
    const logger = pino({ level: "info" }, { write: (line: string) => logLines.push(line) });
    const services = await createServices(config, { supervise: false, logger });
    const app = createApp(services);
    const login = (clientId: string, clientSecret: string) =>
      app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ clientId, clientSecret }),
      });
    return { services, login };
  };
  const drop = async () => {
    await temporary?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { open, drop };
}

describe.each(testBackends())("the sandbox demo app on %s", (_name, backend) => {
  it("logs in in sandbox mode, and not once the same database is reopened with FINLINK_SANDBOX=false", async () => {
    const { open, drop } = await freshStorage(backend);
    const customDemoId = crypto.randomUUID();
    try {
      const sandbox = await open({ FINLINK_SANDBOX: "true" });
      let own: { clientId: string; clientSecret: string };
      try {
        await seedSandboxApp(sandbox.services.database, sandbox.services.config.sandbox);
        // Seeded once under a client id of the operator's choosing, with the well-known secret.
        await seedSandboxApp(sandbox.services.database, { ...sandbox.services.config.sandbox, clientId: customDemoId });
        own = await createFinlinkApp(sandbox.services.database, {
          name: "Own",
          redirectUris: ["https://own.example/cb"],
        });
        expect((await sandbox.login(SANDBOX_DEFAULTS.clientId, SANDBOX_DEFAULTS.clientSecret)).status).toBe(200);
        expect((await sandbox.login(customDemoId, SANDBOX_DEFAULTS.clientSecret)).status).toBe(200);
      } finally {
        await closeServices(sandbox.services);
      }

      const logLines: string[] = [];
      const production = await open({ FINLINK_SANDBOX: "false" }, logLines);
      try {
        for (const clientId of [SANDBOX_DEFAULTS.clientId, customDemoId, SANDBOX_DEFAULTS.clientId]) {
          const res = await production.login(clientId, SANDBOX_DEFAULTS.clientSecret);
          expect(res.status).toBe(401);
          // Answered as a wrong secret is: nothing says which ids exist.
          expect(await res.json()).toMatchObject({ detail: "Unknown client id or wrong client secret" });
        }
        const warnings = logLines.map((line) => JSON.parse(line)).filter((l) => l.msg.includes("sandbox demo app"));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatchObject({ level: 40, clientId: SANDBOX_DEFAULTS.clientId });
        expect(warnings[0].msg).toContain("does not authenticate outside sandbox mode (FINLINK_SANDBOX=false)");
        // Apps registered for real are not touched.
        expect((await production.login(own.clientId, own.clientSecret)).status).toBe(200);
      } finally {
        await closeServices(production.services);
      }
    } finally {
      await drop();
    }
  });

  it("seeded under a custom FINLINK_SANDBOX_CLIENT_ID with a custom secret: 200 in sandbox mode, 401 with FINLINK_SANDBOX=false", async () => {
    const { open, drop } = await freshStorage(backend);
    const demo = {
      FINLINK_SANDBOX_CLIENT_ID: crypto.randomUUID(),
      FINLINK_SANDBOX_CLIENT_SECRET: "fls_custom_demo_secret_0123456789",
    };
    const login = (server: Awaited<ReturnType<typeof open>>) =>
      server.login(demo.FINLINK_SANDBOX_CLIENT_ID, demo.FINLINK_SANDBOX_CLIENT_SECRET);
    try {
      const sandbox = await open({ FINLINK_SANDBOX: "true", ...demo });
      try {
        await seedSandboxDemo(sandbox.services);
        expect((await login(sandbox)).status).toBe(200);
      } finally {
        await closeServices(sandbox.services);
      }
      // Neither the id nor the secret is the well-known one: only the configured id marks it as the demo app.
      const production = await open({ FINLINK_SANDBOX: "false", ...demo });
      try {
        const res = await login(production);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ detail: "Unknown client id or wrong client secret" });
      } finally {
        await closeServices(production.services);
      }
    } finally {
      await drop();
    }
  });

  it.each([
    ["false", "no app (the apps table stays empty)", []],
    ["true", "the demo app under its client id", [{ id: SANDBOX_DEFAULTS.clientId }]],
  ])("starting with FINLINK_SANDBOX=%s on a fresh database seeds %s", async (sandboxMode, _seeds, seeded) => {
    const { open, drop } = await freshStorage(backend);
    try {
      const server = await open({ FINLINK_SANDBOX: sandboxMode });
      try {
        await seedSandboxDemo(server.services);
        const rows = await server.services.database.db.select({ id: apps.id }).from(apps);
        expect(rows).toEqual(seeded);
      } finally {
        await closeServices(server.services);
      }
    } finally {
      await drop();
    }
  });
});
