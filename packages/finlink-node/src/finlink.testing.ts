import type { ConnectionStatus } from "@finlink/contracts";
import { signingKeys } from "@finlink/server/src/db/schema";
import { createTestContext, type TestContext, type TestContextOptions } from "@finlink/server/src/testing/test-context";
import { exportJWK, generateKeyPair } from "jose";
import { createFinlinkClient, type FinlinkClientOptions } from "./client";
import type { DecimalMode } from "./exact-json";
import type { FetchLike } from "./transport";

/** A request as it reached the in-process Finlink. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
}

/**
 * An in-process Finlink (a real server on in-memory PGlite, see apps/finlink/src/testing) and a `fetch` into
 * it that records every request. `intercept` may answer instead of Finlink, or change its answer.
 */
export async function startFinlink(options: TestContextOptions = {}) {
  const ctx = await createTestContext({ workers: false, ...options });
  const seen: SeenRequest[] = [];
  let intercept:
    | ((req: SeenRequest, forward: (override?: RequestInit) => Promise<Response>) => Promise<Response>)
    | undefined;
  const fetch: FetchLike = async (url, init) => {
    const headers = new Headers(init.headers);
    const req = { method: init.method ?? "GET", path: new URL(url).pathname, headers };
    seen.push(req);
    const forward = async (override: RequestInit = {}) => ctx.app.request(url, { ...init, ...override });
    return intercept ? intercept(req, forward) : forward();
  };
  const sleeps: number[] = [];
  const client = <D extends DecimalMode = "number">(overrides: Partial<FinlinkClientOptions<D>> = {}) =>
    createFinlinkClient<D>({
      baseUrl: ctx.config.publicUrl,
      clientId: ctx.appA.clientId,
      clientSecret: ctx.appA.clientSecret,
      fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    });
  return {
    ctx,
    client,
    /** Every request so far (clear with `seen.length = 0`). */
    seen,
    /** Delays the clients' retries waited (they do not really wait). */
    sleeps,
    logins: () => seen.filter((r) => r.path === "/api/v1/auth/login").length,
    /** Answers instead of Finlink (or alters its answer) until set to undefined. */
    intercept: (fn: typeof intercept) => {
      intercept = fn;
    },
    reset: () => {
      seen.length = 0;
      sleeps.length = 0;
      intercept = undefined;
    },
    close: () => ctx.close(),
  };
}

export type Finlink = Awaited<ReturnType<typeof startFinlink>>;
type AnyClient = ReturnType<Finlink["client"]>;

/** A sandbox connection, exchanged, as an integrator's test makes one (no browser). */
export async function connect(client: AnyClient, entity: string, username = "user_good", externalId?: string) {
  const { publicToken } = await client.sandbox.publicToken({ entity, username, ...(externalId ? { externalId } : {}) });
  return client.exchange(publicToken);
}

/** Polls the status until it is one of `statuses`. */
export async function waitFor(client: AnyClient, connectionToken: string, statuses: ConnectionStatus[]) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const connection = await client.connection(connectionToken);
    if (statuses.includes(connection.status)) return connection;
    if (Date.now() > deadline) throw new Error(`still ${connection.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A new webhook-signing key that Finlink serves (as after a rotation), with its private half to sign with. */
export async function addWebhookKey(ctx: TestContext) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  await ctx.services.database.db.insert(signingKeys).values({
    kid,
    purpose: "webhook",
    privateJwkEnc: ctx.services.cipher.encryptJson(await exportJWK(privateKey), `signing-key:${kid}`),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
  });
  return { kid, privateKey };
}

/** A JSON answer with `edit` applied to its parsed body (status and headers kept). */
export async function editJson(res: Response, edit: (body: unknown) => unknown): Promise<Response> {
  const body = edit(await res.json());
  return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
}
