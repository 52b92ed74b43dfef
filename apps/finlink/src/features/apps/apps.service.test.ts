import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { checkRedirectUri, checkWebhookUrl, createApp, getAppSettings, seedSandboxApp } from "./apps.service";

describe("checkRedirectUri", () => {
  const accepted: [string, string][] = [
    ["https://app.example/cb?x=1", "https://app.example/cb?x=1"],
    ["https://app.example:8443/cb", "https://app.example:8443/cb"],
    ["https://APP.Example/cb", "https://app.example/cb"],
    ["https://bücher.example/cb", "https://xn--bcher-kva.example/cb"],
    ["https://my-app.example.co/cb", "https://my-app.example.co/cb"],
    ["https://203.0.113.7/cb", "https://203.0.113.7/cb"],
    ["http://localhost:4020/link/callback", "http://localhost:4020/link/callback"],
    ["http://127.0.0.1/cb", "http://127.0.0.1/cb"],
  ];
  it.each(accepted)("accepts %s as %s", (uri, normalised) => {
    expect(checkRedirectUri(uri)).toBe(normalised);
  });

  const refused: [string, RegExp][] = [
    ["https://a.example;x/cb", /DNS name or an IP address/],
    ["https://a.example%3Bx/cb", /DNS name or an IP address/],
    ["https://a.example,b.example/cb", /DNS name or an IP address/],
    ["https://a.example'x/cb", /DNS name or an IP address/],
    ["https://*.example/cb", /DNS name or an IP address/],
    ["https://a_b.example/cb", /DNS name or an IP address/],
    ["https://-a.example/cb", /DNS name or an IP address/],
    ["https://a-.example/cb", /DNS name or an IP address/],
    ["https://a..example/cb", /DNS name or an IP address/],
    ["https://a.example./cb", /DNS name or an IP address/],
    ["http://app.example/cb", /https/],
    ["http://localhost.evil.example/cb", /https/],
    ["http://[::1]/cb", /https/],
    ["https://[::1]/cb", /must not have an IPv6 address as its host: .*frame-ancestors.*Use a hostname/],
    ["https://[2001:db8::1]/cb", /must not have an IPv6 address as its host/],
    ["https://[2001:db8::1]:8443/cb", /must not have an IPv6 address as its host/],
    ["https://[::ffff:127.0.0.1]/cb", /must not have an IPv6 address as its host/],
    ["ftp://app.example/cb", /https/],
    ["javascript:alert(1)", /https/],
    ["/relative", /absolute/],
    ["https://user:pw@app.example/cb", /credentials/],
    ["https://user@app.example/cb", /credentials/],
    ["https://app.example/cb#frag", /fragment/],
    ["https://app.example/cb#", /fragment/],
  ];
  it.each(refused)("refuses %s", (uri, reason) => {
    expect(() => checkRedirectUri(uri)).toThrow(reason);
  });

  it("accepts an IPv6 literal in a webhook URL, which no CSP names, while refusing it as a redirect URI", () => {
    expect(checkWebhookUrl("https://[2001:db8::1]/hook")).toBe("https://[2001:db8::1]/hook");
    expect(() => checkRedirectUri("https://[2001:db8::1]/hook")).toThrow(/IPv6/);
  });

  it("names the webhook URL as such when refusing it", () => {
    expect(() => checkWebhookUrl("ftp://hooks.example/in")).toThrow(
      /^Webhook URL 'ftp:\/\/hooks.example\/in' must use https/,
    );
    expect(() => checkRedirectUri("ftp://app.example/cb")).toThrow(
      /^Redirect URI 'ftp:\/\/app.example\/cb' must use https/,
    );
  });

  it("accepts a 63-character label and refuses 64", () => {
    expect(checkRedirectUri(`https://${"a".repeat(63)}.example/cb`)).toContain("a".repeat(63));
    expect(() => checkRedirectUri(`https://${"a".repeat(64)}.example/cb`)).toThrow(/DNS name/);
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

  it("refuses, as the CLI's apps create does, a redirect URI whose host would break the Link page's CSP", async () => {
    const create = (redirectUris: string[]) => createApp(ctx.services.database, { name: "csp", redirectUris });
    await expect(create(["https://ok.example/cb", "https://a.example;x/cb"])).rejects.toThrow(
      "Redirect URI 'https://a.example;x/cb' must have a DNS name or an IP address as its host",
    );
    await expect(
      createApp(ctx.services.database, {
        name: "hook",
        redirectUris: ["https://ok.example/cb"],
        webhookUrl: "https://hooks.example;x/h",
      }),
    ).rejects.toThrow(/DNS name/);
  });

  it("refuses to register an app with an IPv6-literal redirect URI, saying to use a hostname", async () => {
    await expect(
      createApp(ctx.services.database, { name: "v6", redirectUris: ["https://ok.example/cb", "https://[::1]/cb"] }),
    ).rejects.toThrow(
      "Redirect URI 'https://[::1]/cb' must not have an IPv6 address as its host: the Link page's CSP frame-ancestors cannot name one, so Link could never be framed for it. Use a hostname",
    );
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
      redirectUris: ["http://localhost:4020/link/callback"],
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

  it("seeds exactly the configured redirects: kept ones keep their ids, a new one reuses a dropped one's id", async () => {
    const clientId = crypto.randomUUID();
    const seed = (redirectUris: string[]) =>
      seedSandboxApp(ctx.services.database, {
        clientId,
        clientSecret: "a-secret-long-enough",
        redirectUris,
        webhookUrl: null,
      });
    const a = "http://localhost:4020/link/callback";
    const b = "http://localhost:5174/link/callback";
    const c = "https://demo.example/link/callback";
    const first = await seed([a, b]);
    expect(first?.redirects.map((r) => r.uri)).toEqual([a, b]);
    const idOf = (settings: typeof first, uri: string) => settings?.redirects.find((r) => r.uri === uri)?.id;

    // b dropped, c added: a keeps its id, c takes b's (a session that pointed at b now ends at c).
    const second = await seed([a, c]);
    expect(second?.redirects.map((r) => r.uri).sort()).toEqual([a, c].sort());
    expect(idOf(second, a)).toBe(idOf(first, a));
    expect(idOf(second, c)).toBe(idOf(first, b));

    // Fewer: the one left out is gone. More: a fresh id. Duplicates count once.
    const third = await seed([c]);
    expect(third?.redirects.map((r) => r.uri)).toEqual([c]);
    const fourth = await seed([c, a, a]);
    expect(fourth?.redirects.map((r) => r.uri).sort()).toEqual([a, c].sort());
    expect(idOf(fourth, a)).not.toBe(idOf(first, a));
    expect(idOf(fourth, c)).toBe(idOf(first, b));

    await expect(seed([])).rejects.toThrow("An app needs at least one redirect URI");
    await expect(
      seed([
        "https://x.example/1",
        "https://x.example/2",
        "https://x.example/3",
        "https://x.example/4",
        "https://x.example/5",
        "https://x.example/6",
      ]),
    ).rejects.toThrow("at most 5");
    await expect(seed(["ftp://x.example/cb"])).rejects.toThrow();
    expect((await getAppSettings(ctx.services.database, clientId))?.redirects.map((r) => r.uri).sort()).toEqual(
      [a, c].sort(),
    );
  });
});
