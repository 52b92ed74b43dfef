import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";

describe.each(testBackends())("auth on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, trustedProxies: 1 });
  });
  afterAll(() => ctx.close());

  const login = (body: unknown) => ctx.request("POST", "/api/v1/auth/login", { body });

  it("answers an ES256 JWT with every scope by default", async () => {
    const res = await login({ clientId: ctx.appA.clientId, clientSecret: ctx.appA.clientSecret });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(header.alg).toBe("ES256");
    expect(payload.scope).toBe("read write delete");
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it("refuses a wrong secret and an unknown client with 401 problem+json", async () => {
    for (const body of [
      { clientId: ctx.appA.clientId, clientSecret: "wrong-secret" },
      { clientId: crypto.randomUUID(), clientSecret: ctx.appA.clientSecret },
      { clientId: ctx.appB.clientId, clientSecret: ctx.appA.clientSecret },
    ]) {
      const res = await login(body);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 401, title: "Unauthorized", reason: "INVALID_CLIENT" });
    }
  });

  it("answers malformed bodies with 400 problems (Vumi has no 422), never 500", async () => {
    const cases: [unknown, number][] = [
      ["{not json", 400],
      [{}, 400],
      [{ clientId: "not-a-uuid", clientSecret: "x" }, 400],
      [{ clientId: ctx.appA.clientId, clientSecret: "x", scopes: ["admin"] }, 400],
      [[1, 2], 400],
    ];
    for (const [body, status] of cases) {
      const res = await login(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const problem = (await res.json()) as { status: number; type: string; title: string };
      expect(problem).toMatchObject({ status, title: "Bad Request", type: "https://finlink.dev/problems/bad-request" });
    }
    const invalid = (await (await login({ clientId: "nope" })).json()) as { errors: { path: string }[] };
    expect(invalid.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["clientId", "clientSecret"]));
  });

  it("limits a token to the scopes asked for", async () => {
    const readOnly = await ctx.login(ctx.appA, ["read"]);
    expect((await ctx.request("GET", "/api/v1/queries/app", { token: readOnly })).status).toBe(200);
    const startFlow = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token: readOnly,
      body: { id: ctx.appA.redirects[0]?.id, product: "TRANSACTIONS" },
    });
    expect(startFlow.status).toBe(403);
    const scopeProblem = (await startFlow.json()) as { detail: string; reason: string };
    expect(scopeProblem.detail).toContain("'write'");
    expect(scopeProblem.reason).toBe("INSUFFICIENT_SCOPE");
    const writeOnly = await ctx.login(ctx.appA, ["write"]);
    expect((await ctx.request("GET", "/api/v1/queries/app", { token: writeOnly })).status).toBe(403);
    const del = await ctx.request("DELETE", "/api/v1/commands/connections/con_x", { token: writeOnly });
    expect(del.status).toBe(403);
  });

  it("refuses a missing, forged or foreign-typed token with 401", async () => {
    const missing = await ctx.request("GET", "/api/v1/queries/app");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ reason: "MISSING_TOKEN" });
    const token = await ctx.login();
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${"A".repeat(86)}`;
    const forgedAnswer = await ctx.request("GET", "/api/v1/queries/app", { token: forged });
    expect(forgedAnswer.status).toBe(401);
    expect(await forgedAnswer.json()).toMatchObject({ reason: "INVALID_TOKEN" });
    const startFlow = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token,
      body: { id: ctx.appA.redirects[0]?.id, product: "TRANSACTIONS" },
    });
    const { token: startToken } = (await startFlow.json()) as { token: string };
    expect((await ctx.request("GET", "/api/v1/queries/app", { token: startToken })).status).toBe(401);
  });

  it("shows each app only its own settings", async () => {
    const res = await ctx.request("GET", "/api/v1/queries/app", { token: await ctx.login(ctx.appB) });
    expect(await res.json()).toEqual({
      clientId: ctx.appB.clientId,
      name: "App B",
      redirects: ctx.appB.redirects,
      webhookUrl: null,
      webhookStatus: { state: "ACTIVE", reason: null, since: null, failingSince: null },
      privacyPolicyUrl: null,
      termsUrl: null,
    });
  });

  it("never locks an app out by its public client id: after 25 wrong secrets for it, 12 from one address, the right one logs in there and elsewhere", async () => {
    const { clientId, clientSecret } = ctx.appB;
    const from = (address: string, secret: string) =>
      ctx.request("POST", "/api/v1/auth/login", {
        body: { clientId, clientSecret: secret },
        headers: { "X-Forwarded-For": address },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      // More failures in all than an address may have (20), none of the addresses at its limit.
      const address = i < 12 ? "198.51.100.7" : `198.51.100.${20 + (i % 2)}`;
      statuses.push((await from(address, `guess-${i}`)).status);
    }
    expect(statuses).toEqual(Array(25).fill(401));
    expect((await from("198.51.100.7", clientSecret)).status).toBe(200);
    expect((await from("198.51.100.8", clientSecret)).status).toBe(200);
  });

  it("sets X-Request-ID on every response and echoes X-Client-Trace-ID", async () => {
    const res = await ctx.request("GET", "/api/v1/queries/app", { headers: { "X-Client-Trace-ID": "trace-123" } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-client-trace-id")).toBe("trace-123");
    const body = (await res.json()) as { requestId: string };
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses bodies over 64 KiB with 413", async () => {
    const res = await login({ clientId: ctx.appA.clientId, clientSecret: "x".repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it("answers unknown routes with a 404 problem", async () => {
    const res = await ctx.request("GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
