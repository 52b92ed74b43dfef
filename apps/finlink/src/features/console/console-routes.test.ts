import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apps } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { consoleRouter } from "./console.index";
import { consoleClient } from "./console.testing";
import { PUBLIC_ROUTES } from "./console-auth";
import { consoleOrigin } from "./console-session";

/** Every route the console's router holds (middleware aside), its parameters filled in. */
function everyRoute(fill: string) {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of consoleRouter.routes) {
    // `use` registers middleware as ALL on a wildcard; the catch-all 404 is ALL too and is checked by GET.
    const method = route.method === "ALL" ? "GET" : route.method;
    const path = route.path.replace(/:[A-Za-z]+/g, fill).replace(/\/\*$/, "/anything-else");
    seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

const isPublic = (r: { method: string; path: string }) =>
  PUBLIC_ROUTES.some((p) => p.method === r.method && p.path === r.path);

describe.each(testBackends())("console routes on %s", (_name, backend) => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    client = consoleClient(ctx);
  });
  afterAll(() => ctx.close());

  const routes = () => everyRoute(ctx.appA.clientId).filter((r) => !isPublic(r));

  it("the router holds every page and action, and only the sign-in form and stylesheet are public", () => {
    // Written out: making a route public must fail this test.
    expect(PUBLIC_ROUTES).toEqual([
      { method: "GET", path: "/console/sign-in" },
      { method: "POST", path: "/console/sign-in" },
      { method: "GET", path: "/console/static/console.css" },
    ]);
    const all = everyRoute(ctx.appA.clientId);
    expect(all.filter(isPublic)).toHaveLength(PUBLIC_ROUTES.length);
    // 20 guarded routes today; a new one joins the checks below by itself.
    expect(routes().length).toBeGreaterThanOrEqual(20);
    expect(routes().filter((r) => r.method === "POST").length).toBeGreaterThanOrEqual(12);
  });

  it("no guarded route answers without an operator session: pages go to sign-in, actions get 403", async () => {
    const before = await ctx.services.database.db.select().from(apps);
    for (const cookie of [undefined, "ops_forged-or-expired-session"]) {
      for (const route of routes()) {
        const res = await client.request(route.method, route.path, { cookie, form: { name: "hijacked" } });
        const where = `${route.method} ${route.path}`;
        // A cookie naming no live session is cleared, so the browser stops sending it.
        const cleared = cookie ? "finlink_console=; Max-Age=0; Path=/console" : null;
        expect(res.headers.get("set-cookie"), where).toBe(cleared);
        // The JSON operations answer scripts: 401 problem+json, not a redirect (api/console-api-guards.test.ts).
        if (route.path.startsWith("/console/api/")) {
          expect(res.status, where).toBe(401);
        } else if (route.method === "GET") {
          expect(res.status, where).toBe(303);
          expect(res.headers.get("location"), where).toBe("/console/sign-in");
        } else {
          expect(res.status, where).toBe(403);
          expect(await res.text(), where).not.toContain("hijacked");
        }
      }
    }
    expect(await ctx.services.database.db.select().from(apps)).toEqual(before);
  });

  it("the public routes answer without a session", async () => {
    expect((await client.request("GET", "/console/sign-in")).status).toBe(200);
    const css = await client.request("GET", "/console/static/console.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    // The stylesheet alone may be cached; every page is no-store (below).
    expect(css.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("a body over the limit gets the console's 413 page, its message an alert", async () => {
    const res = await client.request("POST", "/console/sign-in", { form: { username: "x".repeat(70_000) } });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/<p class="notice error" role="alert">[^<]*too large/);
  });

  it("pages load without an Origin header (a browser sends none when it navigates), HEAD as GET", async () => {
    expect((await client.request("GET", "/console/sign-in", { origin: null })).status).toBe(200);
    expect((await client.request("HEAD", "/console/sign-in", { origin: null })).status).toBe(200);
    const op = await client.operator();
    expect((await client.request("GET", "/console/apps", { cookie: op.cookie, origin: null })).status).toBe(200);
    // Only the public routes' own methods are public: a POST to the stylesheet needs a session like any other.
    expect((await client.request("POST", "/console/static/console.css")).status).toBe(403);
    expect((await client.request("HEAD", "/console/apps", { origin: null })).status).toBe(303);
  });

  it("every page carries a strict CSP without script, and no-store", async () => {
    const op = await client.operator();
    for (const route of routes().filter((r) => r.method === "GET")) {
      const res = await op.get(route.path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, route.path).toContain("default-src 'none'");
      expect(csp, route.path).toContain("frame-ancestors 'none'");
      expect(csp, route.path).not.toMatch(/script-src|unsafe-inline/);
      expect(res.headers.get("cache-control"), route.path).toBe("no-store");
      // no-referrer would make browsers send `Origin: null` with form posts, which sameOrigin refuses.
      expect(res.headers.get("referrer-policy"), route.path).toBe("same-origin");
    }
  });

  it("every answer, pages and refusals alike, carries decision 011's CSP word for word", async () => {
    // Written out: loosening any directive (form-action, base-uri, img-src, style-src) must fail this test.
    const policy =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    const op = await client.operator();
    const answers = [
      await op.get("/console/apps"),
      await client.request("GET", "/console/sign-in"),
      await client.request("POST", "/console/sign-in", {
        form: { username: "nobody-here", password: "wrong password" },
      }),
      await client.request("POST", `/console/apps/${ctx.appA.clientId}/name`, { form: { name: "x" } }),
      await op.get("/console/no-such-page"),
      await ctx.consoleApp.request("/api/v1/apps"),
      await client.request("POST", "/console/sign-in", { form: { username: "x".repeat(70_000) } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 403, 404, 404, 413]);
    for (const res of answers) expect(res.headers.get("content-security-policy"), res.url).toBe(policy);
  });

  describe("a cross-site POST is refused", () => {
    const nameOfA = async () =>
      (await ctx.services.database.db.select().from(apps).where(eq(apps.id, ctx.appA.clientId)))[0]?.name;
    const rename = (init: Parameters<Awaited<ReturnType<typeof client.operator>>["post"]>[2], name: string) =>
      op.then((o) => o.post(`/console/apps/${ctx.appA.clientId}/name`, { name }, init));
    let op: ReturnType<typeof client.operator>;
    beforeAll(() => {
      op = client.operator();
    });

    it.each([
      ["another site's Origin", { origin: "https://evil.example" }],
      ["a look-alike Origin (other port)", { origin: "http://127.0.0.1:4012" }],
      ["the API's origin (a script on Link, the docs or the sandbox bank)", { origin: "http://127.0.0.1:4010" }],
      ["no Origin", { origin: null }],
      ["no CSRF token", { csrf: null }],
      ["a wrong CSRF token", { csrf: "A".repeat(43) }],
      ["another session's CSRF token", { csrf: "other" }],
    ] as [string, { origin?: string | null; csrf?: string | null }][])("with %s", async (_what, init) => {
      const csrf = init.csrf === "other" ? (await client.operator()).csrf : init.csrf;
      const res = await rename({ ...init, csrf }, "Renamed cross-site");
      expect(res.status).toBe(403);
      // Said as an error (role=alert), on a page without the session's navigation.
      const body = await res.text();
      expect(body).toMatch(/<p class="notice error" role="alert">/);
      expect(body).not.toContain("Sign out");
      expect(await nameOfA()).toBe("App A");
    });

    it("and the same POST from the console's page, with its token, goes through", async () => {
      const res = await rename({}, "App A");
      expect(res.status).toBe(200);
      const renamed = await rename({}, "App A renamed");
      expect(renamed.status).toBe(200);
      expect(await nameOfA()).toBe("App A renamed");
      await rename({}, "App A");
    });

    it("the token also works as the X-CSRF-Token header", async () => {
      const o = await op;
      const res = await client.request("POST", `/console/apps/${ctx.appA.clientId}/name`, {
        cookie: o.cookie,
        form: { name: "App A" },
      });
      expect(res.status).toBe(403);
      const withHeader = await ctx.consoleApp.request(`/console/apps/${ctx.appA.clientId}/name`, {
        method: "POST",
        headers: {
          Cookie: `finlink_console=${o.cookie}`,
          Origin: consoleOrigin(ctx.config),
          "X-CSRF-Token": o.csrf,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "name=App+A",
      });
      expect(withHeader.status).toBe(200);
    });

    it("sign-in from another site is refused too (login CSRF)", async () => {
      const res = await client.request("POST", "/console/sign-in", {
        origin: "https://evil.example",
        form: { username: "x", password: "y" },
      });
      expect(res.status).toBe(403);
    });
  });
});
