import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';
const CSP =
  "default-src 'self'; frame-src 'self' http://127.0.0.1:4010; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data: http://127.0.0.1:4010; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

describe("serving the built SPA", () => {
  let ctx: BffTestContext;
  let root: string;
  let dist: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "bff-web-"));
    dist = join(root, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), INDEX);
    writeFileSync(join(dist, "assets", "index-Ab12Cd34.js"), "console.log('app')");
    writeFileSync(join(dist, "assets", "index-Ef56Gh78.css"), "body{}");
    writeFileSync(join(dist, "favicon.svg"), "<svg/>");
    writeFileSync(join(dist, ".env"), "SECRET=1");
    writeFileSync(join(dist, ".hidden.js"), "SECRET");
    writeFileSync(join(root, "outside.txt"), "outside the dist folder");
    ctx = await createBffTestContext({ webDistDir: dist });
  });
  afterAll(async () => {
    await ctx?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string) => ctx.browser().request("GET", path);

  it("serves index.html at / with the strict CSP, secure headers and no-cache", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    expect(res.headers.get("Content-Security-Policy")).toBe(CSP);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    // Over http there is no HSTS (it would be ignored, and would pin a later https setup by surprise).
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("falls back to index.html for the SPA's routes, the callback page included", async () => {
    for (const path of [
      "/connections/6f1c2d3e-0000-4000-8000-000000000000",
      "/link/callback?publicToken=pub_x&state=s",
    ]) {
      const res = await get(path);
      expect([path, res.status, res.headers.get("Cache-Control")]).toEqual([path, 200, "no-cache"]);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get("Content-Security-Policy")).toBe(CSP);
    }
  });

  it("caches hashed assets for a year, and other files only until revalidated", async () => {
    const js = await get("/assets/index-Ab12Cd34.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect((await get("/assets/index-Ef56Gh78.css")).headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    const icon = await get("/favicon.svg");
    expect([icon.status, icon.headers.get("Cache-Control")]).toEqual([200, "no-cache"]);
  });

  it("answers 404 for a missing asset or file, never index.html under its name", async () => {
    for (const path of ["/assets/gone-12345678.js", "/robots.txt", "/assets/"]) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it("serves nothing outside the dist folder, nor its dot-files", async () => {
    for (const path of [
      "/..%2Foutside.txt",
      "/%2E%2E/outside.txt",
      "/assets/..%2F..%2Foutside.txt",
      "/.env",
      "/%2Eenv",
      "/.hidden.js",
      "/assets/%2Ehidden.js",
    ]) {
      const res = await get(path);
      const text = await res.text();
      expect(text).not.toContain("outside the dist folder");
      expect(text).not.toContain("SECRET");
      // A 404, or the SPA's index for a path it does not know: nothing else.
      expect([path, res.status === 404 || text === INDEX]).toEqual([path, true]);
    }
  });

  it("never answers /api with the SPA", async () => {
    const res = await get("/api/unknown");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  });
});

describe("without a built SPA", () => {
  let ctx: BffTestContext;
  beforeAll(async () => {
    ctx = await createBffTestContext({ webDistDir: join(tmpdir(), "bff-no-such-dist") });
  });
  afterAll(() => ctx?.close());

  it("answers a readable 503 page that says how to build it, while the API keeps working", async () => {
    const res = await ctx.browser().request("GET", "/");
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("pnpm --filter @finlink/web build");
    expect((await ctx.browser().request("GET", "/api/me")).status).toBe(401);
  });
});
