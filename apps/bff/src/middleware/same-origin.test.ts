import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../app";
import { type BffTestContext, createBffTestContext } from "../testing/test-context";

describe("cross-site and non-JSON requests", () => {
  let ctx: BffTestContext;
  beforeAll(async () => {
    ctx = await createBffTestContext();
  });
  afterAll(() => ctx?.close());

  const problem = async (res: Response) => ({
    ...((await res.json()) as { reason?: string }),
    status: res.status,
    contentType: res.headers.get("Content-Type"),
  });

  it("refuses an unsafe request from another origin, or with none, before anything runs", async () => {
    for (const origin of ["https://evil.example", "http://localhost:4021", "http://127.0.0.1:4020", "null", null]) {
      const b = ctx.browser();
      const res = await b.request("POST", "/api/session", { body: { name: "victim" }, origin });
      expect(await problem(res)).toMatchObject({
        status: 403,
        reason: "CROSS_SITE",
        contentType: "application/problem+json",
      });
      expect(b.cookies.size).toBe(0);
    }
    // A signed-in user's cookie does not help a cross-site DELETE either.
    const b = await ctx.signedIn("csrf");
    for (const origin of ["https://evil.example", null]) {
      const res = await b.request("DELETE", "/api/session", { origin });
      expect(res.status).toBe(403);
    }
    expect((await b.request("GET", "/api/me")).status).toBe(200);
  });

  it("refuses unsafe requests that are not JSON (what a cross-site form can send), even from the app's origin", async () => {
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      null,
    ]) {
      const res = await ctx.browser().request("POST", "/api/session", { body: '{"name":"x"}', contentType });
      expect(await problem(res)).toMatchObject({ status: 415, reason: "UNSUPPORTED_MEDIA_TYPE" });
    }
    const ok = await ctx.browser().request("POST", "/api/session", {
      body: { name: "charset" },
      contentType: "application/json; charset=utf-8",
    });
    expect(ok.status).toBe(200);
  });

  it("lets hono's csrf() refuse a cross-site form post too", async () => {
    const res = await ctx.app.request("http://localhost:4020/api/session", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=x",
    });
    expect(await problem(res)).toMatchObject({ status: 403, reason: "CROSS_SITE" });
  });

  it("answers GETs without an Origin (a page load, the SPA's own reads)", async () => {
    expect((await ctx.browser().request("GET", "/api/me")).status).toBe(401);
  });

  it(`takes a body of ${MAX_BODY_BYTES} bytes and refuses one byte more (413)`, async () => {
    const padded = (size: number) => {
      const shell = JSON.stringify({ name: "big", pad: "" });
      return JSON.stringify({ name: "big", pad: "x".repeat(size - shell.length) });
    };
    expect(MAX_BODY_BYTES).toBe(16_384);
    expect(padded(MAX_BODY_BYTES).length).toBe(MAX_BODY_BYTES);
    expect((await ctx.browser().request("POST", "/api/session", { body: padded(MAX_BODY_BYTES) })).status).toBe(200);
    const res = await ctx.browser().request("POST", "/api/session", { body: padded(MAX_BODY_BYTES + 1) });
    expect(await problem(res)).toMatchObject({ status: 413, reason: "BODY_TOO_LARGE" });
  });

  it("answers unknown API routes with a problem, and every API answer with no-store", async () => {
    const res = await ctx.browser().request("GET", "/api/nothing-here");
    expect(await problem(res)).toMatchObject({ status: 404, reason: "NO_ROUTE" });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const me = await (await ctx.signedIn("store")).request("GET", "/api/me");
    expect(me.headers.get("Cache-Control")).toBe("no-store");
    expect(me.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
