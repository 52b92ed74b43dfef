import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { consoleClient } from "./console.testing";
import { createConsoleApp } from "./console-app";
import { sessionCookieSpec } from "./console-session";
import { CONSOLE_CSP } from "./layout";

// Decision 011, "Its own origin": the console and the API (with Link, the docs and the sandbox bank) never share one.

describe.each(testBackends())("the console's own origin on %s", (_name, backend) => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    client = consoleClient(ctx);
  });
  afterAll(() => ctx.close());

  it("the API's origin answers no console page, not even to a signed-in operator's cookie", async () => {
    const op = await client.operator();
    const onApi = consoleClient(ctx, ctx.app);
    const asked = [
      await onApi.request("GET", "/console"),
      await onApi.request("GET", "/console/apps", { cookie: op.cookie }),
      await onApi.request("GET", "/console/sign-in"),
      await onApi.request("GET", "/console/static/console.css"),
      await onApi.request("POST", "/console/sign-in", {
        origin: ctx.config.publicUrl,
        form: { username: op.username },
      }),
      await onApi.request("POST", `/console/apps/${ctx.appA.clientId}/name`, {
        cookie: op.cookie,
        origin: ctx.config.publicUrl,
        form: { _csrf: op.csrf, name: "renamed from the API's origin" },
      }),
    ];
    for (const res of asked) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("set-cookie")).toBeNull();
      const body = await res.text();
      expect(body).toContain("NO_SUCH_ROUTE");
      expect(body).not.toContain(op.csrf);
    }
    expect((await op.get("/console/apps")).status).toBe(200);
    expect(await (await op.get(`/console/apps/${ctx.appA.clientId}`)).text()).not.toContain("renamed from the API");
  });

  it("the console's origin serves none of the API, Link, the docs or the sandbox bank", async () => {
    const elsewhere: [string, string][] = [
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/api/v1/docs"],
      ["POST", "/api/v1/auth/login"],
      ["GET", "/api/v1/queries/app"],
      ["GET", "/link"],
      ["GET", "/link/return"],
      ["GET", "/sandbox/oauth/authorize"],
      ["POST", "/sandbox/oauth/authorize"],
    ];
    for (const [method, path] of elsewhere) {
      // Each is there on the API's origin (the test would prove nothing otherwise)…
      expect((await ctx.app.request(path, { method })).status, `${method} ${path} on the API`).not.toBe(404);
      // …and the console's answers its own 404 page, under its policy.
      const res = await ctx.consoleApp.request(path, { method, headers: { Origin: ctx.config.publicUrl } });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("There is no such page or app.");
      // The console's own policy (its stylesheet styles the page), no script.
      expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    const es = await ctx.consoleApp.request("/api/v1/docs?lang=es");
    expect(await es.text()).toContain("No existe esa página o app.");
  });

  it("the origin's root leads to the console; its pages are framed by no one and isolated from other windows", async () => {
    const root = await ctx.consoleApp.request("/");
    expect(root.status).toBe(303);
    expect(root.headers.get("location")).toBe("/console/apps");
    const signIn = await client.request("GET", "/console/sign-in");
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("x-frame-options")).toBe("DENY");
    expect(signIn.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(signIn.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    // The router's own policy, not the default one: a stylesheet of its own, forms to itself.
    expect(signIn.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(signIn.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("on http its cookie is host-only with Path=/console, without Secure (no https to require)", async () => {
    const { setCookie } = await client.signIn((await client.operator()).username);
    expect(setCookie).toMatch(/^finlink_console=ops_[^;]+; Max-Age=43200; Path=\/console; HttpOnly; SameSite=Strict$/);
  });

  it("is not built with the console off", () => {
    expect(() => createConsoleApp({ ...ctx.services, config: { ...ctx.config, console: null } })).toThrow(
      /console is off/,
    );
  });
});

describe("the console on https", () => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    // The API stays on http: the cookie follows the console's own URL.
    ctx = await createTestContext({ workers: false, consoleUrl: "https://console.finlink.example" });
    client = consoleClient(ctx);
  });
  afterAll(() => ctx.close());

  it("its cookie is __Host- prefixed: Secure, Path=/, no Domain", async () => {
    expect(sessionCookieSpec(ctx.config)).toEqual({ name: "__Host-finlink_console", path: "/", secure: true });
    const op = await client.operator();
    const { setCookie } = await client.signIn(op.username);
    expect(setCookie).toMatch(
      /^__Host-finlink_console=ops_[^;]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(setCookie).not.toContain("Domain");
    // The session works under that name, and only under it: an unprefixed cookie (settable by a sibling host or
    // over http) is not read.
    expect((await op.get("/console/apps")).status).toBe(200);
    const unprefixed = await ctx.consoleApp.request("/console/apps", {
      headers: { Cookie: `finlink_console=${op.cookie}` },
    });
    expect(unprefixed.status).toBe(303);
    const out = await op.post("/console/sign-out");
    expect(out.headers.get("set-cookie")).toMatch(/^__Host-finlink_console=; Max-Age=0; Path=\/; Secure$/);
  });

  it("takes form posts from the console's https origin only, not from the API's or an http spelling of its own", async () => {
    const op = await client.operator();
    const rename = (origin: string) =>
      op.post(`/console/apps/${ctx.appA.clientId}/name`, { name: "App A" }, { origin });
    expect((await rename("https://console.finlink.example")).status).toBe(200);
    for (const origin of [
      ctx.config.publicUrl,
      "http://console.finlink.example",
      "https://console.finlink.example:8443",
    ]) {
      expect((await rename(origin)).status, origin).toBe(403);
    }
  });
});
