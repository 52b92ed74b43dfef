import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { checkRedirectUri, createApp, getAppSettings, seedSandboxApp } from "./apps.service";

describe("checkRedirectUri", () => {
  it("accepts https anywhere and http only on localhost and 127.0.0.1", () => {
    expect(checkRedirectUri("https://app.example/cb?x=1")).toBe("https://app.example/cb?x=1");
    expect(checkRedirectUri("http://localhost:4020/link/callback")).toBe("http://localhost:4020/link/callback");
    expect(checkRedirectUri("http://127.0.0.1/cb")).toBe("http://127.0.0.1/cb");
    expect(() => checkRedirectUri("http://app.example/cb")).toThrow(/https/);
    expect(() => checkRedirectUri("http://localhost.evil.example/cb")).toThrow(/https/);
    expect(() => checkRedirectUri("javascript:alert(1)")).toThrow(/https/);
    expect(() => checkRedirectUri("/relative")).toThrow(/absolute/);
    expect(() => checkRedirectUri("https://user:pw@app.example/cb")).toThrow(/credentials/);
    expect(() => checkRedirectUri("https://app.example/cb#frag")).toThrow(/fragment/);
  });
});

describe("apps", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("allows at most 5 redirects and at least one", async () => {
    const uris = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example/cb${i}`);
    const five = await createApp(ctx.services.database, { name: "five", redirectUris: uris(5) });
    expect(five.redirects).toHaveLength(5);
    await expect(createApp(ctx.services.database, { name: "six", redirectUris: uris(6) })).rejects.toThrow(/at most 5/);
    await expect(createApp(ctx.services.database, { name: "none", redirectUris: [] })).rejects.toThrow(/at least one/);
    await expect(
      createApp(ctx.services.database, {
        name: "bad hook",
        redirectUris: uris(1),
        webhookUrl: "http://evil.example/h",
      }),
    ).rejects.toThrow(/https/);
  });

  it("shows the client secret once and logs in with it", async () => {
    const app = await createApp(ctx.services.database, { name: "cli", redirectUris: ["https://app.example/cb"] });
    expect(app.clientSecret).toMatch(/^fls_/);
    const res = await ctx.request("POST", "/api/v1/auth/login", {
      body: { clientId: app.clientId, clientSecret: app.clientSecret },
    });
    expect(res.status).toBe(200);
  });

  it("seeds the sandbox app idempotently, keeping its redirect id", async () => {
    const input = {
      clientId: crypto.randomUUID(),
      clientSecret: "first-secret-long-enough",
      redirectUri: "http://localhost:4020/link/callback",
      webhookUrl: null,
    };
    await seedSandboxApp(ctx.services.database, input);
    const first = await getAppSettings(ctx.services.database, input.clientId);
    await seedSandboxApp(ctx.services.database, { ...input, clientSecret: "second-secret-long-enough" });
    const second = await getAppSettings(ctx.services.database, input.clientId);
    expect(second?.redirects).toEqual(first?.redirects);
    const login = (clientSecret: string) =>
      ctx.request("POST", "/api/v1/auth/login", { body: { clientId: input.clientId, clientSecret } });
    expect((await login("second-secret-long-enough")).status).toBe(200);
    expect((await login("first-secret-long-enough")).status).toBe(401);
  });
});
