import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SANDBOX_ENTITY_IDS, SANDBOX_OTP, SANDBOX_PASSWORD, SANDBOX_USERNAMES } from "../../connectors/sandbox";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { GUIDE_POLICY } from "./docs-pages";
import { GUIDES, renderMarkdown } from "./guides";

/** What each guide must say: the facts a reader comes for. */
const FACTS: Record<(typeof GUIDES)[number]["slug"], string[]> = {
  "link-flow": [
    "POST /api/v1/commands/connections/start-flow",
    "authToken=",
    "GET /api/v1/queries/app",
    "iframe",
    "operation=CONNECT",
    "/api/v1/commands/connections/exchange/",
    "Idempotency-Key",
    "PENDING",
    "CONNECTION_READY",
    "GET /api/v1/queries/connections/{connectionToken}",
    "portfolios/active-positions",
    "nextCursor",
    "update_token",
  ],
  "verifying-webhooks": [
    "vumi-verification",
    "ES256",
    "<code>typ</code> must be <code>JWT</code>",
    "GET /api/v1/webhook_verification/{kid}",
    "<strong>5 minutes</strong>",
    "request_body_sha256",
    'from "jose"',
  ],
  "sandbox-users": [
    ...SANDBOX_USERNAMES.map((username) => `<code>${username}</code>`),
    ...SANDBOX_ENTITY_IDS.map((entity) => `<code>${entity}</code>`),
    `<code>${SANDBOX_PASSWORD}</code>`,
    `<code>${SANDBOX_OTP}</code></strong> passes`,
    "<code>blue</code>",
    "ACCOUNT_LOCKED",
    "UPDATE_ERROR",
    "POST /api/v1/sandbox/public-token",
  ],
  "differences-from-vumi": [
    "256 random bits",
    "several API sessions at once",
    "revokes",
    "Idempotency-Key",
    "needs no session",
    "<code>connectionId</code>",
    "{data, nextCursor}",
    "/refresh",
    "GET /api/v1/queries/app",
    "/api/v1/sandbox/public-token",
    "<code>lang</code>",
    "<code>state</code>",
    ...["202", "409", "413", "429"].map((code) => `<code>${code}</code>`),
  ],
};

describe("the guides", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("answers every guide as a page without script that says what it is for", async () => {
    expect(GUIDES.map((guide) => guide.slug).sort()).toEqual(Object.keys(FACTS).sort());
    for (const guide of GUIDES) {
      const res = await ctx.request("GET", `/api/v1/docs/guides/${guide.slug}`);
      expect(res.status, guide.slug).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toBe(GUIDE_POLICY);
      expect(GUIDE_POLICY).not.toMatch(/script-src|unsafe|https?:/);
      const page = await res.text();
      expect(page).toContain(`<title>${guide.title} — Finlink API</title>`);
      expect(page).toMatch(new RegExp(`<h1 id="[\\w-]+">${guide.title}</h1>`));
      expect(page).toContain(`<a href="/api/v1/docs/guides/${guide.slug}" aria-current="page">`);
      expect(page).not.toMatch(/<script|\{\{/);
      // The text is decoded from entities once: a fact may hold quotes.
      const text = page.replaceAll("&quot;", '"').replaceAll("&#39;", "'");
      for (const fact of FACTS[guide.slug]) expect(text, `${guide.slug}: ${fact}`).toContain(fact);
    }
  });

  it("answers every guide under a policy that allows our stylesheet and images and nothing else", async () => {
    for (const guide of GUIDES) {
      const res = await ctx.request("GET", `/api/v1/docs/guides/${guide.slug}`);
      const header = res.headers.get("content-security-policy") ?? "";
      const directives = new Map(
        header.split(";").map((directive): [string, string[]] => {
          const [name = "", ...sources] = directive.trim().split(/\s+/);
          return [name, sources];
        }),
      );
      expect(Object.fromEntries(directives), guide.slug).toEqual({
        "default-src": ["'none'"],
        // A guide has one <link rel="stylesheet"> of ours and no <style> element: no nonce, no 'unsafe-inline'.
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
      });
      // What a browser applies to the fetch directives the policy does not name: default-src's 'none'.
      const effective = (name: string) => directives.get(name) ?? directives.get("default-src");
      for (const name of ["script-src", "script-src-elem", "connect-src", "object-src", "font-src", "frame-src"])
        expect(effective(name), `${guide.slug}: ${name}`).toEqual(["'none'"]);
      const page = await res.text();
      expect(page, guide.slug).not.toMatch(/<style|\sstyle=/);
    }
  });

  it("links only to pages this server has, and names no other server", async () => {
    for (const guide of GUIDES) {
      const page = await (await ctx.request("GET", `/api/v1/docs/guides/${guide.slug}`)).text();
      const hrefs = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? "");
      expect(hrefs.length).toBeGreaterThan(GUIDES.length);
      for (const href of new Set(hrefs)) {
        expect(href, guide.slug).toMatch(/^\/api\/v1\/docs(\/|$)/);
        expect((await ctx.request("GET", href)).status, `${guide.slug} → ${href}`).toBe(200);
      }
      // Examples point at this server (its public URL) or at made-up hosts of the reserved .example domain.
      const hosts = [...page.matchAll(/https?:\/\/([^/\s"'<>)&]+)/g)].map((m) => m[1] ?? "");
      expect(hosts.filter((host) => host !== "127.0.0.1:4010" && !/\.example$/.test(host))).toEqual([]);
    }
  });

  it("answers 404 problem+json for a guide it does not have", async () => {
    for (const slug of ["nope", "link-flow.md", "..%2Fdocs.index.ts", "Link-Flow"]) {
      const res = await ctx.request("GET", `/api/v1/docs/guides/${slug}`);
      expect([res.status, res.headers.get("content-type")], slug).toEqual([404, "application/problem+json"]);
    }
  });
});

/** The guide's Node example as a module, importing the same jose this package has. */
async function webhookExample(publicUrl: string) {
  const source = await readFile(new URL("./guides/verifying-webhooks.md", import.meta.url), "utf8");
  const code = source.match(/```js\n([\s\S]*?)```/)?.[1] ?? "";
  const jose = pathToFileURL(createRequire(import.meta.url).resolve("jose")).href;
  const file = join(await mkdtemp(join(tmpdir(), "finlink-guide-")), "verify-webhook.mjs");
  await writeFile(file, code.replaceAll("{{FINLINK_URL}}", publicUrl).replace('from "jose"', `from "${jose}"`));
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    verifyWebhook(rawBody: Buffer, header: string | undefined): Promise<unknown>;
  };
}

describe("the webhook guide's Node example", () => {
  let ctx: TestContext;
  let verifyWebhook: (rawBody: Buffer, header: string | undefined) => Promise<unknown>;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
    ({ verifyWebhook } = await webhookExample(ctx.config.publicUrl));
  });
  afterAll(() => ctx.close());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const event = { webhookId: crypto.randomUUID(), type: "CONNECTION_READY", status: "READY" };
  const body = Buffer.from(JSON.stringify(event));
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  /** Signs as Finlink does, `ageSeconds` ago. */
  const sign = async (claims: Record<string, unknown>, ageSeconds = 0, typ = "JWT") => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - ageSeconds * 1000 });
    const jwt = await ctx.services.keys.sign("webhook", claims, { typ });
    vi.useRealTimers();
    return jwt;
  };
  // The example fetches the key from Finlink: here, from the app in-process.
  const serveKeys = () => vi.stubGlobal("fetch", (url: string) => ctx.app.request(url));

  it("accepts a message Finlink signed, fetching the key by its kid", async () => {
    serveKeys();
    await expect(verifyWebhook(body, await sign({ request_body_sha256: sha256(body) }))).resolves.toEqual(event);
    await expect(verifyWebhook(body, await sign({ request_body_sha256: sha256(body) }, 4 * 60))).resolves.toEqual(
      event,
    );
  });

  it("rejects a changed body, an old or future iat, a wrong typ, a foreign signature and no header", async () => {
    serveKeys();
    const signed = { request_body_sha256: sha256(body) };
    const changed = Buffer.from(JSON.stringify({ ...event, status: "ERRORED" }));
    await expect(verifyWebhook(changed, await sign(signed))).rejects.toThrow("not the one that was signed");
    await expect(verifyWebhook(body, await sign(signed, 6 * 60))).rejects.toThrow(/"iat"|timestamp/);
    await expect(verifyWebhook(body, await sign(signed, -60))).rejects.toThrow(/"iat"|timestamp/);
    await expect(verifyWebhook(body, await sign(signed, 0, "webhook+jwt"))).rejects.toThrow("Not a Finlink signature");
    const { kid } = decodeProtectedHeader(await sign(signed));
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT(signed)
      .setProtectedHeader({ alg: "ES256", kid: kid ?? "", typ: "JWT" })
      .setIssuedAt()
      .sign(privateKey);
    await expect(verifyWebhook(body, forged)).rejects.toThrow("signature verification failed");
    const unknown = await new SignJWT(signed)
      .setProtectedHeader({ alg: "ES256", kid: crypto.randomUUID(), typ: "JWT" })
      .setIssuedAt()
      .sign(privateKey);
    await expect(verifyWebhook(body, unknown)).rejects.toThrow("No verification key");
    await expect(verifyWebhook(body, undefined)).rejects.toThrow("No vumi-verification header");
  });
});

describe("renderMarkdown", () => {
  it("escapes raw HTML instead of passing it through", () => {
    const out = renderMarkdown(
      '# Title\n\n<script>alert("x")</script>\n\nText with <img src=x onerror="alert(1)"> inline.\n\n`<b>`',
    );
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain("&#60;script&#62;");
    expect(out).toContain("&#60;img src=x");
    expect(out).toContain("<code>&lt;b&gt;</code>");
    expect(out).toContain('<h1 id="title">Title</h1>');
  });
});
