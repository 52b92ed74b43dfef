import type { BffConnection, BffLinkUrl, ConnectionStatus } from "@finlink/contracts";
import type { FetchLike, WebhookVerifier } from "@finlink/node";
import { openLink, queryOf, signIn } from "@finlink/server/src/features/link/link.testing";
import { seedSandboxDemo } from "@finlink/server/src/server";
import { createTestContext, type TestContext as FinlinkContext } from "@finlink/server/src/testing/test-context";
import { eq } from "drizzle-orm";
import pino from "pino";
import { createApp } from "../app";
import { type Config, FINLINK_SANDBOX_APP } from "../config";
import { connections } from "../db/schema";
import { tokenContext } from "../features/connections/connection-view";
import type { StreamSlots } from "../features/connections/stream-slots";
import { closeServices, createServices } from "../services";
import type { Backend } from "./backends";
import { type RecordedResponse, TestBrowser } from "./test-browser";
import { createTemporaryDatabase, pgliteTemplate } from "./test-database";

export interface BffTestOptions {
  backend?: Backend;
  /** The BFF's clock (sessions, states, the poll interval); Finlink keeps the real one. */
  now?: () => Date;
  /** APP_URL (default http://localhost:4020, what the sandbox demo app's redirect points at). */
  appUrl?: string;
  webDistDir?: string;
  /** Collects the BFF's log lines (JSON) here. */
  logLines?: string[];
  /** Checks webhook signatures in place of Finlink's keys (e.g. with `@finlink/node/testing`'s signer). */
  webhookVerifier?: WebhookVerifier;
  /** Live stream limits and heartbeat (default: the BFF's). */
  streams?: StreamSlots;
}

/** One call the BFF made to Finlink, as the fetch adapter saw it. */
export interface FinlinkCall {
  method: string;
  path: string;
  search: string;
}

/** Answers a call in Finlink's place (or after asking it: `forward`), or undefined to let Finlink answer. */
export type Intercept = (
  call: FinlinkCall,
  forward: () => Promise<Response>,
) => Promise<Response | undefined> | undefined;

/**
 * The BFF on a fresh database (in-memory PGlite, or a temporary `bff_test_…` database on PostgreSQL) in front
 * of a real in-process Finlink (its own fresh database, the sandbox demo app seeded), every Finlink call
 * counted, every BFF answer recorded, and browsers with their own cookie.
 */
export async function createBffTestContext(options: BffTestOptions = {}) {
  const backend = options.backend ?? { kind: "pglite" };
  const finlink: FinlinkContext = await createTestContext({ backend });
  await seedSandboxDemo(finlink.services);
  const temporary = backend.kind === "postgres" ? await createTemporaryDatabase(backend.serverUrl) : undefined;
  const config: Config = {
    host: "127.0.0.1",
    port: 0,
    appUrl: options.appUrl ?? "http://localhost:4020",
    secure: (options.appUrl ?? "").startsWith("https:"),
    database: temporary ? { url: temporary.url } : { memory: true, template: await pgliteTemplate() },
    secretKey: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
    webDistDir: options.webDistDir ?? "/nonexistent/web-dist",
    finlink: {
      url: finlink.config.publicUrl,
      linkUrl: finlink.config.linkUrl,
      clientId: FINLINK_SANDBOX_APP.clientId,
      clientSecret: FINLINK_SANDBOX_APP.clientSecret,
      redirectId: undefined,
    },
    logLevel: "silent",
  };
  const finlinkCalls: FinlinkCall[] = [];
  /** Tests make Finlink fail, lose an answer or hold one back by setting `control.intercept`. */
  const control: { intercept?: Intercept } = {};
  const fetch: FetchLike = async (url, init) => {
    const { pathname, search } = new URL(url);
    const call = { method: init.method ?? "GET", path: pathname, search };
    finlinkCalls.push(call);
    const forward = async () => finlink.app.request(url, init);
    return (await control.intercept?.(call, forward)) ?? forward();
  };
  const services = await createServices(config, {
    logger: options.logLines
      ? pino({ level: "debug" }, { write: (line: string) => options.logLines?.push(line) })
      : pino({ level: "silent" }),
    fetch,
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhookVerifier ? { webhookVerifier: options.webhookVerifier } : {}),
    ...(options.streams ? { streams: options.streams } : {}),
  });
  const app = createApp(services);
  const responses: RecordedResponse[] = [];
  const browser = () => new TestBrowser(app, config.appUrl, responses);

  /** A browser signed in as `name`. */
  const signedIn = async (name: string) => {
    const b = browser();
    const res = await b.request("POST", "/api/session", { body: { name } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    return b;
  };

  /** Drives Link at `url` as the user would (credentials, every MFA step, finish); answers the redirect's query. */
  const throughLink = async (url: string, input: { entity: string; username: string }) => {
    const authToken = new URL(url).searchParams.get("authToken");
    if (!authToken) throw new Error(`no authToken in ${url}`);
    const link = await openLink(finlink, { authToken });
    const signedInLink = await signIn(link, input.entity, input.username);
    if (signedInLink.status !== 200) throw new Error(`Link sign-in failed: ${signedInLink.status}`);
    const finished = await link.call("POST", "session/finish");
    if (finished.status !== 200) throw new Error(`Link finish failed: ${finished.status} ${await finished.text()}`);
    return queryOf(((await finished.json()) as { redirectUrl: string }).redirectUrl);
  };

  /** Start → Link → exchange, as the SPA and its callback page do; answers the new connection. */
  const connect = async (b: TestBrowser, input: { entity: string; username: string }) => {
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", { entity: input.entity });
    if (started.status !== 200) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
    const redirect = await throughLink(started.body.url, input);
    const exchanged = await b.json<BffConnection>("POST", "/api/link/exchange", {
      publicToken: redirect.publicToken,
      state: redirect.state,
    });
    if (exchanged.status !== 201)
      throw new Error(`exchange failed: ${exchanged.status} ${JSON.stringify(exchanged.body)}`);
    return exchanged.body;
  };

  /** Polls the status endpoint (as the SPA does) until the connection reaches one of `statuses`. */
  const waitForStatus = async (b: TestBrowser, id: string, statuses: ConnectionStatus[], timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: BffConnection | undefined;
    while (Date.now() < deadline) {
      const res = await b.json<BffConnection>("GET", `/api/connections/${id}`);
      if (res.status !== 200) throw new Error(`status failed: ${res.status}`);
      last = res.body;
      if (statuses.includes(last.status)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`connection still ${last?.status} after ${timeoutMs} ms, expected ${statuses.join("/")}`);
  };

  /** The Finlink connectionToken the BFF keeps for connection `id` (what no answer may ever contain). */
  const connectionTokenOf = async (id: string) => {
    const [row] = await services.database.db.select().from(connections).where(eq(connections.id, id));
    if (!row) throw new Error(`no connection ${id}`);
    return services.secrets.decrypt(row.connectionTokenEnc, tokenContext(id));
  };

  /** The stored row of connection `id` (what the SPA never sees: Finlink's id, the sealed token). */
  const storedConnection = async (id: string) => {
    const [row] = await services.database.db.select().from(connections).where(eq(connections.id, id));
    return row;
  };

  return {
    app,
    services,
    storedConnection,
    config,
    finlink,
    finlinkCalls,
    control,
    responses,
    browser,
    signedIn,
    throughLink,
    connect,
    waitForStatus,
    connectionTokenOf,
    close: async () => {
      await closeServices(services);
      await temporary?.drop();
      await finlink.close();
    },
  };
}

export type BffTestContext = Awaited<ReturnType<typeof createBffTestContext>>;
