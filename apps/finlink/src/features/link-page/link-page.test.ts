import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRedirects } from "../../db/schema";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createApp } from "../apps/apps.service";
import { START_TOKEN_AUDIENCE, START_TOKEN_TYP } from "../link/start-token";
import { linkPagePolicy } from "./link-page.index";

/** GET of the Link page, whose every answer (page, refused start, not built) carries a token in its URL: never cached. */
async function linkPage(ctx: TestContext, path: string): Promise<Response> {
  const res = await ctx.request("GET", path);
  expect(res.headers.get("cache-control"), path).toBe("no-store");
  return res;
}

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "link-dist-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><script type="module" src="/link/assets/app-1.js"></script>');
  writeFileSync(join(dir, "assets", "app-1.js"), "console.log(1)");
  return dir;
}

describe("the /link page", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false, linkDistDir: fakeDist() });
  });
  afterAll(() => ctx.close());

  const csp = (res: Response) => res.headers.get("content-security-policy") ?? "";
  const ancestors = (res: Response) => /frame-ancestors ([^;]+)/.exec(csp(res))?.[1];
  const startToken = async (app = ctx.appA) => {
    const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token: await ctx.login(app),
      body: { id: app.redirects[0]?.id, product: "TRANSACTIONS" },
    });
    return ((await res.json()) as { token: string }).token;
  };

  it("lets only the app's registered origins frame it, for a redirect id", async () => {
    const res = await linkPage(ctx, `/link?id=${ctx.appA.redirects[0]?.id}&lang=en`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/link/assets/app-1.js");
    expect(ancestors(res)).toBe("https://app-a.example http://localhost:4020");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(csp(res)).toContain("script-src 'self'");
    expect(csp(res)).not.toContain("unsafe-inline");
  });

  it("takes the app from a start token", async () => {
    const token = await ctx.login(ctx.appB);
    const start = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token,
      body: { id: ctx.appB.redirects[0]?.id, product: "TRANSACTIONS" },
    });
    const { url } = (await start.json()) as { url: string };
    const res = await linkPage(ctx, `/link${new URL(url).search}`);
    expect(ancestors(res)).toBe("https://app-b.example");
  });

  it("lets nobody frame the bypass URL (an empty authToken, app A's start token, app B's redirect id)", async () => {
    const attack = `/link?authToken=&token=${await startToken(ctx.appA)}&id=${ctx.appB.redirects[0]?.id}`;
    const res = await linkPage(ctx, attack);
    expect(res.status).toBe(200);
    expect(ancestors(res)).toBe("'none'");
    expect(csp(res)).not.toContain("app-b.example");
  });

  it("counts empty values as absent and reads token under both names", async () => {
    const [tokenA, idA, idB] = [await startToken(ctx.appA), ctx.appA.redirects[0]?.id, ctx.appB.redirects[0]?.id];
    const a = "https://app-a.example http://localhost:4020";
    for (const [query, expected] of [
      [`?authToken=&id=${idB}`, "https://app-b.example"],
      [`?authToken=&token=&id=${idA}`, a],
      [`?id=&authToken=${tokenA}`, a],
      [`?token=${tokenA}`, a],
      [`?authToken=${tokenA}&token=${tokenA}`, a],
      [`?authToken=${tokenA}&token=${await startToken(ctx.appB)}`, "'none'"],
      [`?authToken=${tokenA}&id=${idA}`, "'none'"],
      [`?id=${idA}&id=${idB}`, "'none'"],
      ["?authToken=&token=&id=", "'none'"],
    ]) {
      expect(ancestors(await linkPage(ctx, `/link${query}`)), query).toBe(expected);
    }
  });

  it("still names the app for a genuine start token that expired, so the site can show Link's own error", async () => {
    const claims = { sub: ctx.appB.clientId, rid: ctx.appB.redirects[0]?.id ?? "", product: "TRANSACTIONS" as const };
    const token = await ctx.services.keys.sign(
      "api",
      {
        ...claims,
        entity: null,
        ext: null,
        owners: null,
        state: null,
        updHash: null,
        rstHash: null,
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      { typ: START_TOKEN_TYP, audience: START_TOKEN_AUDIENCE },
    );
    const res = await linkPage(ctx, `/link?authToken=${token}`);
    expect(ancestors(res)).toBe("https://app-b.example");
    const session = await ctx.request("POST", "/api/v1/link/sessions", { body: { authToken: token } });
    expect(session.status).toBe(401);
  });

  it("leaves out a stored redirect whose origin would inject a CSP directive, and is 'none' if it was the only one", async () => {
    // Rows written before registration checked hosts, straight into the table: the URL parser keeps `;`.
    const { db } = ctx.services.database;
    const injecting = "https://a.example;x/cb";
    expect(new URL(injecting).origin).toBe("https://a.example;x");
    const mixed = await createApp(ctx.services.database, { name: "Old app", redirectUris: ["https://ok.example/cb"] });
    const badId = crypto.randomUUID();
    await db.insert(appRedirects).values({ id: badId, appId: mixed.clientId, uri: injecting });
    const lone = await createApp(ctx.services.database, {
      name: "Old lone app",
      redirectUris: ["https://lone.example/cb"],
    });
    await db.update(appRedirects).set({ uri: injecting }).where(eq(appRedirects.appId, lone.clientId));

    for (const [id, expected] of [
      [badId, "https://ok.example"],
      [mixed.redirects[0]?.id, "https://ok.example"],
      [lone.redirects[0]?.id, "'none'"],
    ]) {
      const res = await linkPage(ctx, `/link?id=${id}`);
      expect(res.status, id).toBe(200);
      expect(ancestors(res), id).toBe(expected);
      expect(csp(res), id).not.toContain("a.example");
    }
  });

  it("lets nobody frame it when the request names no app", async () => {
    const malformed = ["-".repeat(36), "g".repeat(36), `${"0".repeat(35)}-`];
    for (const query of [
      "",
      "?id=not-a-uuid",
      `?id=${crypto.randomUUID()}`,
      "?authToken=forged",
      ...malformed.map((id) => `?id=${id}`),
    ]) {
      const res = await linkPage(ctx, `/link${query}`);
      expect(res.status, query).toBe(200);
      expect(ancestors(res), query).toBe("'none'");
    }
  });

  it("serves hashed assets for a year and never a file outside the build", async () => {
    const asset = await ctx.request("GET", "/link/assets/app-1.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    for (const path of [
      "/link/assets/..%2f..%2fpackage.json",
      "/link/assets/..%2findex.html",
      "/link/assets/%2e%2e%2findex.html",
      "/link/assets/index.html",
      "/link/assets/%E0%A4%A",
      "/link/assets/%",
      "/link/assets/.hidden.js",
    ]) {
      const res = await ctx.request("GET", `${path}?id=${ctx.appA.redirects[0]?.id}`);
      expect(res.status, path).toBe(404);
      expect(ancestors(res), path).toBe("'none'");
    }
    expect(ancestors(asset)).toBe("'none'");
    expect((await ctx.request("GET", "/link/assets/missing.js")).status).toBe(404);
  });

  it("redirects /link/ to /link with the query, never cached: the Location carries its tokens", async () => {
    const res = await ctx.request("GET", "/link/?authToken=abc&lang=en");
    expect([res.status, res.headers.get("location")]).toEqual([301, "/link?authToken=abc&lang=en"]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("serves the same Link page at /link/return, the bank's redirect_uri: never framed, cached or referred", async () => {
    const path = `/link/return?code=v1.abc&state=${"s".repeat(43)}`;
    const res = await linkPage(ctx, path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("/link/assets/app-1.js");
    // Whatever app the session belongs to: the bank's return is top-level, so nobody frames it.
    expect(ancestors(res)).toBe("'none'");
    expect(csp(res)).toBe(linkPagePolicy("'none'"));
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect((await linkPage(ctx, "/link/return")).status).toBe(200);
    expect((await ctx.request("GET", "/link/return/x")).status).toBe(404);
  });

  it("keeps frame-ancestors 'none' and X-Frame-Options on every API route", async () => {
    const res = await ctx.request("GET", "/api/v1/openapi.json");
    expect(ancestors(res)).toBe("'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("the /link page before the widget is built", () => {
  it("says how to build it", async () => {
    const ctx = await createTestContext({ workers: false });
    try {
      const res = await linkPage(ctx, "/link?authToken=abc");
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("pnpm --filter @finlink/link build");
      const back = await linkPage(ctx, "/link/return?code=x&state=y");
      expect(back.status).toBe(503);
      expect(back.headers.get("referrer-policy")).toBe("no-referrer");
    } finally {
      await ctx.close();
    }
  });
});
