import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FinlinkConnectionError, FinlinkError } from "./errors";
import { type Finlink, startFinlink } from "./finlink.testing";

let finlink: Finlink;
beforeAll(async () => {
  finlink = await startFinlink();
});
afterAll(() => finlink.close());
afterEach(() => finlink.reset());

const EXCHANGE = /^\/api\/v1\/commands\/connections\/exchange\//;
const networkError = () => Promise.reject(new TypeError("fetch failed"));
const problem = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Busy", status, reason: "BUSY" }), {
    status,
    headers: { "Content-Type": "application/problem+json", "X-Request-ID": "req-1", ...headers },
  });
/** Fails the first `times` requests to paths matching `path` with `fail`, then lets them through. */
function failFirst(path: RegExp, times: number, fail: (forward: () => Promise<Response>) => Promise<Response>) {
  let left = times;
  finlink.intercept((req, forward) => (path.test(req.path) && left-- > 0 ? fail(forward) : forward()));
}
const requestsTo = (path: RegExp) => finlink.seen.filter((r) => path.test(r.path));

describe("exchange", () => {
  it("retries a lost answer with the same Idempotency-Key: same connectionToken, connection not revoked", async () => {
    const client = finlink.client();
    const { publicToken } = await client.sandbox.publicToken({ entity: "sandbox_bank", username: "user_good" });
    // Finlink exchanges the token, but the answer never arrives.
    failFirst(EXCHANGE, 1, (forward) => forward().then(networkError));
    const answer = await client.exchange(publicToken);
    const keys = requestsTo(EXCHANGE).map((r) => r.headers.get("Idempotency-Key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await expect(client.connection(answer.connectionToken)).resolves.toMatchObject({
      connectionId: answer.connectionId,
      credentialsToken: answer.connectionToken,
    });
  });

  it("sends the key it is given, and a new random one per call otherwise", async () => {
    const client = finlink.client();
    await expect(client.exchange("pub_unknown", { idempotencyKey: "attempt-42" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(client.exchange("pub_unknown")).rejects.toMatchObject({ status: 404 });
    await expect(client.exchange("pub_unknown")).rejects.toMatchObject({ status: 404 });
    const keys = requestsTo(EXCHANGE).map((r) => r.headers.get("Idempotency-Key"));
    expect(keys[0]).toBe("attempt-42");
    expect(keys[1]).not.toBe(keys[2]);
  });

  it("retries 5xx with backoff and jitter, three attempts in all, then says what failed", async () => {
    const client = finlink.client({ random: () => 1 });
    failFirst(EXCHANGE, 5, async () => problem(502));
    const error = await client.exchange("pub_x").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, reason: "BUSY", requestId: "req-1" });
    expect(requestsTo(EXCHANGE)).toHaveLength(3);
    expect(finlink.sleeps).toEqual([250, 500]);
  });

  it("jitters each wait between half and all of its step", async () => {
    const client = finlink.client({ random: () => 0 });
    failFirst(EXCHANGE, 5, networkError);
    const error = await client.exchange("pub_x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FinlinkConnectionError);
    expect(error).toMatchObject({ status: 0, reason: "NETWORK_ERROR", detail: "fetch failed" });
    expect(finlink.sleeps).toEqual([125, 250]);
  });

  it("does not retry a 4xx", async () => {
    await expect(finlink.client().exchange("pub_unknown")).rejects.toMatchObject({ status: 404 });
    expect(requestsTo(EXCHANGE)).toHaveLength(1);
    expect(finlink.sleeps).toEqual([]);
  });
});

describe("Retry-After", () => {
  it("is waited as seconds on a 429", async () => {
    failFirst(/\/queries\/entities$/, 1, async () => problem(429, { "Retry-After": "7" }));
    await expect(finlink.client().entities()).resolves.not.toHaveLength(0);
    expect(finlink.sleeps).toEqual([7000]);
  });

  it("is waited as an HTTP date on a 503", async () => {
    const now = new Date("2026-11-24T10:00:00Z");
    failFirst(EXCHANGE, 1, async () => problem(503, { "Retry-After": "Tue, 24 Nov 2026 10:00:12 GMT" }));
    await expect(finlink.client({ now: () => now }).exchange("pub_unknown")).rejects.toMatchObject({ status: 404 });
    expect(finlink.sleeps).toEqual([12_000]);
  });

  it("is waited up to 30 s; a longer one fails at once, with retryAfterMs on the error", async () => {
    failFirst(/\/queries\/app$/, 1, async () => problem(429, { "Retry-After": "30" }));
    await finlink.client().app();
    expect(finlink.sleeps).toEqual([30_000]);
    finlink.reset();
    failFirst(/\/queries\/app$/, 1, async () => problem(429, { "Retry-After": "31" }));
    await expect(finlink.client().app()).rejects.toMatchObject({ status: 429, retryAfterMs: 31_000 });
    expect(finlink.sleeps).toEqual([]);
    expect(requestsTo(/\/queries\/app$/)).toHaveLength(1);
  });

  it("is ignored on other statuses: a 500 backs off as usual", async () => {
    failFirst(/\/queries\/app$/, 1, async () => problem(500, { "Retry-After": "9" }));
    await finlink.client({ random: () => 1 }).app();
    expect(finlink.sleeps).toEqual([250]);
  });
});

describe("other calls", () => {
  it("GETs retry network errors and 5xx", async () => {
    failFirst(/\/queries\/entities$/, 2, (forward) =>
      finlink.sleeps.length ? forward().then(() => problem(503)) : networkError(),
    );
    await expect(finlink.client().entities()).resolves.not.toHaveLength(0);
    expect(requestsTo(/\/queries\/entities$/)).toHaveLength(3);
  });

  it("POSTs other than exchange do not retry a 5xx or a lost answer, but do retry a 429", async () => {
    const client = finlink.client();
    const [redirect] = (await client.app()).redirects;
    const start = () => client.startFlow({ id: String(redirect?.id), product: "TRANSACTIONS" });
    const START = /\/start-flow$/;
    failFirst(START, 1, async () => problem(500));
    await expect(start()).rejects.toMatchObject({ status: 500 });
    failFirst(START, 1, (forward) => forward().then(networkError));
    await expect(start()).rejects.toBeInstanceOf(FinlinkConnectionError);
    expect(requestsTo(START)).toHaveLength(2);
    failFirst(START, 1, async () => problem(429, { "Retry-After": "1" }));
    await expect(start()).resolves.toMatchObject({ url: expect.stringContaining("authToken=") });
    expect(requestsTo(START)).toHaveLength(4);
  });

  it("DELETE does not retry a lost answer (a second try would read 404 for a done delete)", async () => {
    failFirst(/^\/api\/v1\/commands\/connections\/[^/]+$/, 1, networkError);
    await expect(finlink.client().deleteConnection("con_x")).rejects.toBeInstanceOf(FinlinkConnectionError);
    expect(finlink.sleeps).toEqual([]);
  });
});

describe("FinlinkError", () => {
  it("carries status, title, detail, requestId and the route, never the token", async () => {
    const error = (await finlink
      .client()
      .exchange("pub_secret_value")
      .catch((e: unknown) => e)) as FinlinkError;
    expect(error).toBeInstanceOf(FinlinkError);
    expect(error).toMatchObject({
      status: 404,
      title: "Not Found",
      detail: "Connection not found with the given public token for the current app",
      operation: "POST /api/v1/commands/connections/exchange/{publicToken}",
    });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.problem?.requestId).toBe(error.requestId);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("pub_secret_value");
  });

  it("names a token its detail quotes back instead of showing it", async () => {
    failFirst(/^\/api\/v1\/queries\/connections\//, 1, async () =>
      Response.json({ type: "t", title: "Not Found", status: 404, detail: "No con/1 (con%2F1) here" }, { status: 404 }),
    );
    const error = (await finlink
      .client()
      .connection("con/1")
      .catch((e: unknown) => e)) as FinlinkError;
    expect([error.detail, error.problem?.detail]).toEqual([
      "No {connectionToken} ({connectionToken}) here",
      "No {connectionToken} ({connectionToken}) here",
    ]);
    expect(error.message).not.toContain("con/1");
  });

  it("carries Finlink's reason", async () => {
    const client = finlink.client();
    const [redirect] = (await client.app()).redirects;
    await expect(client.startFlow({ id: String(redirect?.id), product: "ASSETS_TRANSFER" })).rejects.toMatchObject({
      status: 400,
      reason: "PRODUCT_NOT_SUPPORTED",
    });
  });

  it("reads an answer that is not problem+json (a proxy's page) by its status line", async () => {
    failFirst(
      /\/queries\/app$/,
      1,
      async () => new Response("<html>Bad gateway</html>", { status: 404, statusText: "Nope" }),
    );
    const error = (await finlink
      .client()
      .app()
      .catch((e: unknown) => e)) as FinlinkError;
    expect(error).toMatchObject({
      status: 404,
      title: "Nope",
      reason: undefined,
      detail: undefined,
      problem: undefined,
    });
  });

  it("is a TypeError before any request for a token that would change the route", async () => {
    const client = finlink.client();
    for (const token of ["", ".", ".."]) await expect(client.connection(token)).rejects.toThrow(TypeError);
    expect(finlink.seen).toEqual([]);
    await client.connection("a/b?c").catch(() => {});
    expect(finlink.seen.at(-1)?.path).toBe("/api/v1/queries/connections/a%2Fb%3Fc");
  });
});
