import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app";
import { type Config, loadConfig, SANDBOX_DEFAULTS } from "../../config";
import { seedSandboxDemo } from "../../server";
import { createTestContext, type TestContext } from "../../testing/test-context";

const scalarRoot = dirname(dirname(createRequire(import.meta.url).resolve("@scalar/api-reference")));
const scalarVersion = (JSON.parse(readFileSync(join(scalarRoot, "package.json"), "utf8")) as { version: string })
  .version;

/** A policy's directives, each with its sources. */
const policy = (res: Response) =>
  Object.fromEntries(
    (res.headers.get("content-security-policy") ?? "").split(";").map((directive) => {
      const [name = "", ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  ) as Record<string, string[]>;

const configOf = (page: string) =>
  JSON.parse(
    page.match(/<script id="finlink-docs-config" type="application\/json">([^<]*)<\/script>/)?.[1] ?? "null",
  ) as Record<string, unknown>;

/** Every http(s) URL's host in a text. */
const hostsIn = (text: string) => [...text.matchAll(/https?:\/\/([^/\s"'`<>)\\&]+)/g)].map((m) => m[1]);

type Body = { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
type Doc = { paths: Record<string, Record<string, { requestBody?: Body }>>; info: { description: string } };
const loginExamples = (doc: Doc) => doc.paths["/api/v1/auth/login"]?.post?.requestBody?.content["application/json"];

describe("the API reference page", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  /** The same services behind an app whose configuration differs as `change` says. */
  const appWith = (change: (config: Config) => Config) => {
    const app = createApp({ ...ctx.services, config: change(ctx.config) });
    return (path: string) => app.request(path);
  };

  it("answers HTML that loads Scalar from this origin, under a CSP that names no other origin", async () => {
    const res = await ctx.request("GET", "/api/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    const nonce = page.match(/<meta property="csp-nonce" content="([A-Za-z0-9+/=]{22,})">/)?.[1];
    expect(policy(res)).toEqual({
      "default-src": ["'none'"],
      "script-src": ["'self'"],
      // A <style> needs the page's nonce (Scalar's own, and those our init script marks): no 'unsafe-inline'…
      "style-src": ["'self'", `'nonce-${nonce}'`],
      // …and style attributes, which Scalar's highlighted code and CodeMirror write in markup.
      "style-src-attr": ["'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'", "http://127.0.0.1:4010"],
      "base-uri": ["'none'"],
      "form-action": ["'none'"],
      "frame-ancestors": ["'none'"],
    });
    const next = await ctx.request("GET", "/api/v1/docs");
    expect(policy(next)["style-src"]).not.toEqual(policy(res)["style-src"]); // a fresh nonce per answer
    // Two scripts, both ours by path; the configuration is a JSON data block, which never runs.
    const scripts = [...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      ' id="finlink-docs-config" type="application/json"',
      expect.stringMatching(/^ src="\/api\/v1\/docs\/assets\/docs-init\.[\w-]{16}\.js"$/),
      ` src="/api/v1/docs/assets/scalar-api-reference-${scalarVersion}.js"`,
    ]);
    expect(page).toContain('<div id="finlink-reference"></div>');
    expect(page).toMatch(/<link rel="stylesheet" href="\/api\/v1\/docs\/assets\/docs\.[\w-]{16}\.css">/);
  });

  it("lets Test Request call the public URL's origin when FINLINK_URL has a path", async () => {
    const cases = [
      ["https://x.example/finlink", "https://x.example"],
      ["https://x.example/finlink/", "https://x.example"],
      ["https://x.example:8443/finlink/api", "https://x.example:8443"],
      ["http://127.0.0.1:4010/", "http://127.0.0.1:4010"],
    ];
    for (const [url = "", origin] of cases) {
      const { publicUrl } = loadConfig({ FINLINK_URL: url });
      const res = await appWith((config) => ({ ...config, publicUrl }))("/api/v1/docs");
      expect(res.status, url).toBe(200);
      // A source with a path matches that path only (not /finlink/api/v1/…): the origin allows every call.
      expect(policy(res)["connect-src"], url).toEqual(["'self'", origin]);
    }
  });

  it("tells Scalar to read our document and to fetch nothing from Scalar's servers", async () => {
    const page = await (await ctx.request("GET", "/api/v1/docs")).text();
    const config = configOf(page);
    expect(config).toMatchObject({
      url: "/api/v1/openapi.json",
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: "never",
      hideClientButton: true,
      agent: { disabled: true },
      mcp: { disabled: true },
      persistAuth: false,
    });
    expect(config).not.toHaveProperty("proxyUrl");
    // The bundle knows every option we set: an upgrade that renamed one would otherwise ignore it silently
    // (and load fonts.scalar.com, which this bundle names).
    const bundle = await (
      await ctx.request("GET", `/api/v1/docs/assets/scalar-api-reference-${scalarVersion}.js`)
    ).text();
    expect(bundle).toContain("fonts.scalar.com");
    expect(bundle).not.toContain("sourceMappingURL="); // the map is not served: no devtools 404
    for (const option of Object.keys(config)) expect(bundle, option).toContain(`${option}:`);
    // No http(s) URL in the page but this server's.
    expect(hostsIn(page).filter((host) => host !== "127.0.0.1:4010")).toEqual([]);
  });

  it("serves its assets with their content type, cached for a year by versioned name, gzipped on request", async () => {
    const page = await (await ctx.request("GET", "/api/v1/docs")).text();
    const paths = [...page.matchAll(/(?:src|href)="(\/api\/v1\/docs\/assets\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(paths).toHaveLength(3);
    for (const path of paths) {
      const res = await ctx.request("GET", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(
        path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      );
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      const etag = res.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[\w-]{16}"$/);
      const plain = new Uint8Array(await res.arrayBuffer());
      const zipped = await ctx.request("GET", path, { headers: { "Accept-Encoding": "gzip, br" } });
      expect([zipped.headers.get("content-encoding"), zipped.headers.get("vary")]).toEqual(["gzip", "Accept-Encoding"]);
      expect(gunzipSync(new Uint8Array(await zipped.arrayBuffer())).equals(plain), path).toBe(true);
      const again = await ctx.request("GET", path, { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      const changed = await ctx.request("GET", path, { headers: { "If-None-Match": '"another"' } });
      expect(changed.status).toBe(200);
    }
    expect((await ctx.request("GET", paths[2] ?? "")).headers.get("content-encoding")).toBeNull();
    for (const wrong of ["scalar-api-reference-0.0.1.js", "..%2Fdocs.index.ts", "docs.css", "standalone.js.map"]) {
      const res = await ctx.request("GET", `/api/v1/docs/assets/${wrong}`);
      expect([res.status, res.headers.get("content-type")], wrong).toEqual([404, "application/problem+json"]);
    }
  });

  it("prefills the sandbox demo app's credentials in sandbox mode", async () => {
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as Doc;
    expect(loginExamples(doc)?.examples?.sandbox?.value).toEqual({
      clientId: SANDBOX_DEFAULTS.clientId,
      clientSecret: SANDBOX_DEFAULTS.clientSecret,
    });
    const publicToken = doc.paths["/api/v1/sandbox/public-token"]?.post?.requestBody?.content["application/json"];
    expect(publicToken?.examples?.sandbox?.value).toEqual({ entity: "sandbox_bank", username: "user_good" });
    expect(doc.info.description).toContain("## Try it in the sandbox");
    // And the prefilled login works.
    await seedSandboxDemo(ctx.services);
    const login = await ctx.request("POST", "/api/v1/auth/login", {
      body: loginExamples(doc)?.examples?.sandbox?.value,
    });
    expect(login.status).toBe(200);
  });

  it("prefills nothing outside sandbox mode", async () => {
    const get = appWith((config) => ({ ...config, sandbox: { ...config.sandbox, enabled: false } }));
    const text = await (await get("/api/v1/openapi.json")).text();
    const doc = JSON.parse(text) as Doc;
    expect(loginExamples(doc)).toBeDefined();
    expect(loginExamples(doc)?.examples).toBeUndefined();
    expect(doc.paths["/api/v1/sandbox/public-token"]).toBeUndefined();
    const page = await (await get("/api/v1/docs")).text();
    for (const served of [text, page]) {
      expect(served).not.toContain(SANDBOX_DEFAULTS.clientSecret);
      expect(served).not.toContain(SANDBOX_DEFAULTS.clientId);
      expect(served).not.toContain("Try it in the sandbox");
    }
  });

  it("does not publish a sandbox secret the operator chose", async () => {
    const secret = "fls_a_secret_of_this_operator_only";
    const get = appWith((config) => ({ ...config, sandbox: { ...config.sandbox, clientSecret: secret } }));
    const text = await (await get("/api/v1/openapi.json")).text();
    expect(loginExamples(JSON.parse(text) as Doc)?.examples?.sandbox?.value).toEqual({
      clientId: SANDBOX_DEFAULTS.clientId,
      clientSecret: "<FINLINK_SANDBOX_CLIENT_SECRET>",
    });
    expect(text).not.toContain(secret);
  });
});
