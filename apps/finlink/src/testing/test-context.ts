import type { Scope } from "@finlink/contracts";
import pino from "pino";
import { createApp } from "../app";
import { type Config, loadConfig, SANDBOX_DEFAULTS } from "../config";
import { createApp as createFinlinkApp } from "../features/apps/apps.service";
import { createConsoleApp } from "../features/console/console-app";
import { ADDRESS_FAILURE_LIMIT, USER_FAILURE_LIMIT } from "../features/link/sign-in-throttle";
import { startWorkers } from "../jobs/workers";
import { rateLimitSecret } from "../lib/rate-limit";
import { closeServices, createLimits, createServices, type Limits, type Services } from "../services";
import { pgliteTemplate } from "./pglite-template";
import { createTemporaryDatabase } from "./test-database";

export type Backend = { kind: "pglite" } | { kind: "postgres"; serverUrl: string };

export interface TestContextOptions {
  backend?: Backend;
  /** Start extraction workers in-process (default true). */
  workers?: boolean;
  /** Sandbox delay multiplier (default 0: instant). */
  timeScale?: number;
  now?: () => Date;
  /** Where the built Link widget is (tests of the /link page give a fixture directory). */
  linkDistDir?: string;
  /** Reverse proxies to trust for the client's address (`X-Forwarded-For`); default 0. */
  trustedProxies?: number;
  /** Link sessions one address may open in 10 minutes (default 60, the server's). */
  linkSessionsPerAddress?: number;
  /** Multiplies the webhook retry schedule's delays (default 1). */
  webhookScheduleScale?: number;
  /** The webhook attempt's deadline (default 10 s). */
  webhookTimeoutMs?: number;
  /** Let webhooks reach loopback/private addresses (default true, as in sandbox mode). */
  webhookAllowPrivate?: boolean;
  /** App A's webhook URL (default https://app-a.example/webhooks, which does not resolve). */
  webhookUrl?: string | null;
  /** The console's public URL, its own origin (default http://127.0.0.1:4011; the API is on :4010). */
  consoleUrl?: string;
  /** Collects the server's log lines (JSON) here instead of discarding them. */
  logLines?: string[];
}

/** A test app's credentials. */
export interface TestApp {
  clientId: string;
  clientSecret: string;
  redirects: { id: string; uri: string }[];
}

/**
 * A whole Finlink server in-process on a fresh database (in-memory PGlite, or a temporary database on
 * PostgreSQL), with workers, two apps and request helpers. Reusable by every test that needs Finlink.
 */
export async function createTestContext(options: TestContextOptions = {}) {
  const backend = options.backend ?? { kind: "pglite" };
  const temporary = backend.kind === "postgres" ? await createTemporaryDatabase(backend.serverUrl) : undefined;
  const config: Config = {
    host: "127.0.0.1",
    port: 0,
    publicUrl: "http://127.0.0.1:4010",
    linkUrl: "http://127.0.0.1:4010/link",
    // Its own origin, as in production (decision 011): tests of the console go through `consoleApp`.
    console: { port: 0, publicUrl: options.consoleUrl ?? "http://127.0.0.1:4011" },
    database: temporary ? { url: temporary.url } : { memory: true, template: await pgliteTemplate() },
    sandbox: {
      enabled: true,
      clientId: SANDBOX_DEFAULTS.clientId,
      clientSecret: SANDBOX_DEFAULTS.clientSecret,
      redirectUris: [...SANDBOX_DEFAULTS.redirectUris],
      webhookUrl: null,
      timeScale: options.timeScale ?? 0,
    },
    encryptionKey: Buffer.alloc(32, 7),
    trustedProxies: options.trustedProxies ?? 0,
    linkSessionsPerAddress: options.linkSessionsPerAddress ?? 60,
    signInFailuresPerUser: USER_FAILURE_LIMIT,
    signInFailuresPerAddress: ADDRESS_FAILURE_LIMIT,
    inProcessWorker: options.workers ?? true,
    webhooks: {
      allowPrivate: options.webhookAllowPrivate ?? true,
      requireHttps: false,
      scheduleScale: options.webhookScheduleScale ?? 1,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      retentionMs: 30 * 86_400_000,
    },
    queues: loadConfig({}).queues,
    linkDistDir: options.linkDistDir ?? "/nonexistent/link-dist",
    logLevel: "silent",
  };
  const services: Services = await createServices(config, {
    supervise: true,
    logger: options.logLines
      ? pino({ level: "debug" }, { write: (line: string) => options.logLines?.push(line) })
      : pino({ level: "silent" }),
    ...(options.now ? { now: options.now } : {}),
  });
  if (config.inProcessWorker) await startWorkers(services, { pollingIntervalSeconds: 0.5 });
  const app = createApp(services);
  /** The operator console's app, on its own origin (`config.console.publicUrl`). */
  const consoleApp = createConsoleApp(services);
  const appA: TestApp = await createFinlinkApp(services.database, {
    name: "App A",
    redirectUris: ["https://app-a.example/callback", "http://localhost:4020/link/callback"],
    webhookUrl: options.webhookUrl === undefined ? "https://app-a.example/webhooks" : options.webhookUrl,
  });
  const appB: TestApp = await createFinlinkApp(services.database, {
    name: "App B",
    redirectUris: ["https://app-b.example/callback"],
  });

  /** Sends a request to the app; `body` is sent as JSON. */
  const request = (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const body =
      init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  };

  /** Logs `who` in and answers its API token. */
  const login = async (who: TestApp = appA, scopes?: Scope[]) => {
    const res = await request("POST", "/api/v1/auth/login", {
      body: { clientId: who.clientId, clientSecret: who.clientSecret, ...(scopes ? { scopes } : {}) },
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  /**
   * Forgets every guessing count (counts across sessions would carry over between tests) and puts the
   * server's limits back, with `overrides` (limiters built on `limitStore`) in place of some.
   */
  const limitStore = { database: services.database, secret: rateLimitSecret(config.encryptionKey) };
  const resetLimits = async (overrides: Partial<Limits> = {}) => {
    await services.database.sql.query("delete from rate_limit_hits");
    services.limits = { ...createLimits(limitStore, config), ...overrides };
  };

  return {
    app,
    consoleApp,
    services,
    config,
    limitStore,
    resetLimits,
    appA,
    appB,
    request,
    login,
    close: async () => {
      await closeServices(services);
      await temporary?.drop();
    },
  };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;
