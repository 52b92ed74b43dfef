import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLink } from "../features/link/link.testing";
import { connectDirectly } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { type Case, casesFor, type Fuzz, type OpenApi, type Operation } from "./fuzz-cases.testing";
import { seededRandom } from "./openapi-fuzz.testing";

const SEED = 20261201;
/** Each round draws other control characters and places from the same seeded sequence. */
const ROUNDS = 3;

/**
 * Drives every operation of `/api/v1/openapi.json` with what a property-based fuzzer sends: control
 * characters and over-long values in every string it can reach (body fields and record keys, path, query
 * and header parameters), malformed JSON, wrong content types, empty bodies, no credentials. Every answer
 * must be one the document lists for that operation; errors problem+json; never a 5xx.
 */
describe("the OpenAPI document against the server, fuzzed", () => {
  let ctx: TestContext;
  let doc: OpenApi;
  let fuzz: Fuzz;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
    doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as OpenApi;
    const connection = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
    const link = await openLink(ctx);
    const redirectId = ctx.appA.redirects[0]?.id ?? "";
    const known = {
      connectionToken: connection.connectionToken,
      publicToken: "pub_not_issued",
      keyId: ctx.services.keys.currentKid("webhook"),
      accountId: "acc_1",
      portfolioId: "pf_1",
      externalId: "ext-1",
      limit: "10",
      from: "2026-01-01",
      to: "2026-12-31",
      q: "sandbox",
      "idempotency-key": "key-1",
      "X-Client-Trace-ID": "trace-1",
      id: redirectId,
      redirectId,
      entity: "sandbox_bank",
      username: "user_good",
      clientId: ctx.appA.clientId,
      clientSecret: ctx.appA.clientSecret,
    };
    const auth = {
      bearerAuth: { Authorization: `Bearer ${connection.apiToken}` },
      linkSession: { "X-Link-Session": link.sessionToken },
    };
    fuzz = { doc, known, auth };
  });
  afterAll(() => ctx.close());

  async function send(method: string, c: Case): Promise<Response> {
    const search = new URLSearchParams(c.query).toString();
    return ctx.app.request(`${c.path}${search ? `?${search}` : ""}`, {
      method: method.toUpperCase(),
      headers: c.headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
  }

  /** What is wrong with `res` for `c`, or null. */
  async function wrongAnswer(operation: Operation, c: Case, res: Response): Promise<string | null> {
    const listed = Object.keys(operation.responses);
    if (res.status >= 500) return `${res.status}: ${await res.text()}`;
    if (!listed.includes(String(res.status)))
      return `${res.status} not listed (${listed.join(", ")}): ${await res.text()}`;
    if (c.status && res.status !== c.status) return `${res.status}, expected ${c.status}: ${await res.text()}`;
    if (res.status < 400) return null;
    if (res.headers.get("content-type") !== "application/problem+json")
      return `${res.status} as ${res.headers.get("content-type")}`;
    const problem = (await res.json()) as { status?: unknown; title?: unknown; type?: unknown };
    if (problem.status !== res.status || typeof problem.title !== "string" || typeof problem.type !== "string")
      return `not a problem: ${JSON.stringify(problem)}`;
    return null;
  }

  it("ignores unknown query parameters on every GET, and unknown body fields, as the document says", async () => {
    const random = seededRandom(SEED);
    const gets = Object.entries(doc.paths).flatMap(([path, item]) => (item.get ? [{ path, operation: item.get }] : []));
    expect(gets.length).toBe(17);
    for (const { path, operation } of gets) {
      const [valid] = casesFor(fuzz, path, operation, random);
      if (!valid) throw new Error(`no case for ${path}`);
      const plain = await send("get", valid);
      const extra = await send("get", { ...valid, query: { ...valid.query, unknown: "1", other: "a\u0000b" } });
      expect(extra.status, path).toBe(plain.status);
    }
    const body = { clientId: ctx.appA.clientId, clientSecret: ctx.appA.clientSecret, unknownField: "a\u0000b" };
    expect((await ctx.request("POST", "/api/v1/auth/login", { body })).status).toBe(200);
  });

  it("answers every documented operation, whatever it is sent, with a listed status (problem+json), never 5xx", async () => {
    const random = seededRandom(SEED);
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method,
        path,
        operation,
        id: `${method.toUpperCase()} ${path}`,
      })),
    );
    // What ends a session or a connection goes last, so the rest reach their handlers with live ones.
    const last = (id: string) => /^DELETE |reset-login|session\/(finish|exit)$/.test(id);
    operations.sort((a, b) => Number(last(a.id)) - Number(last(b.id)));
    const covered = new Map<string, number>();
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const { method, path, operation, id } of operations) {
        for (const c of casesFor(fuzz, path, operation, random)) {
          const wrong = await wrongAnswer(operation, c, await send(method, c));
          if (wrong) failures.push(`${id} — ${c.label}: ${wrong.slice(0, 300)}`);
          covered.set(id, (covered.get(id) ?? 0) + 1);
        }
      }
    }
    expect(failures).toEqual([]);
    // Every operation was driven (none skipped silently), and every one the app serves is documented.
    const served = new Set(
      ctx.app.routes
        .filter(
          (r) =>
            r.method !== "ALL" &&
            r.path.startsWith("/api/v1/") &&
            !/^\/api\/v1\/(openapi\.json|docs)(\/|$)/.test(r.path),
        )
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    expect([...covered.keys()].sort()).toEqual([...served].sort());
    expect(covered.size).toBe(34);
    // The fewest an operation gets: valid, no credentials, four bad trace ids, an unknown parameter.
    for (const [id, count] of covered) expect(count, id).toBeGreaterThanOrEqual(6 * ROUNDS);
  }, 60_000);
});
