import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apps } from "../../../db/schema";
import { MAX_BODY_BYTES } from "../../../lib/http-body";
import { testBackends } from "../../../testing/backends";
import { createTestContext, type TestContext } from "../../../testing/test-context";
import { consoleOrigin } from "../console-session";
import { consoleApiDocument } from "./console-api.document";
import { consoleApi, type Json } from "./console-api.testing";

type Method = "get" | "post" | "put" | "delete";

/** A body each write accepts, so a refusal is the guard's (or the unknown app's), not the schema's. */
const VALID_BODIES: Record<string, unknown> = {
  "post /console/api/v1/apps": { name: "Guarded", redirectUri: "https://g.example/cb" },
  "put /console/api/v1/apps/{appId}/name": { name: "hijacked" },
  "post /console/api/v1/apps/{appId}/redirects": { redirectUri: "https://evil.example/cb" },
  "put /console/api/v1/apps/{appId}/webhook-url": { webhookUrl: "https://evil.example/h" },
  "put /console/api/v1/apps/{appId}/links": { termsUrl: "https://evil.example/t" },
  "put /console/api/v1/apps/{appId}/start-mode": { startFlowOnly: true },
  "post /console/api/v1/apps/{appId}/webhooks/recover": { since: "2026-01-01T00:00:00Z" },
};

describe.each(testBackends())("the console API's guards on %s", (_name, backend) => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof consoleApi>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    api = await consoleApi(ctx);
  });
  afterAll(() => ctx.close());

  /** Every operation of the console's document, its parameters filled in (the app with `appId`). */
  const operations = (appId: string) =>
    Object.entries(consoleApiDocument(ctx.config).paths ?? {}).flatMap(([path, item]) =>
      (Object.keys(item ?? {}) as Method[]).map((method) => ({
        key: `${method} ${path}`,
        method: method.toUpperCase(),
        path: path.replace("{appId}", appId).replace(/\{\w+\}/g, crypto.randomUUID()),
        write: method !== "get",
        body: VALID_BODIES[`${method} ${path}`] ?? {},
        appScoped: path.includes("{appId}"),
      })),
    );
  const call = (op: ReturnType<typeof operations>[number], init: Parameters<typeof api.client.request>[2]) =>
    api.client.request(op.method, op.path, { json: op.body, ...init });

  it("documents every operation, and every body the guard test sends is one an operation takes", () => {
    const all = operations(ctx.appA.clientId);
    expect(all.length).toBeGreaterThanOrEqual(21);
    const keys = new Set(all.map((o) => o.key));
    for (const key of Object.keys(VALID_BODIES)) expect(keys, key).toContain(key);
  });

  it("without a live session every operation is 401 problem+json, never a redirect, and changes nothing", async () => {
    const before = await ctx.services.database.db.select().from(apps);
    for (const cookie of [undefined, "forged-or-expired-session"]) {
      for (const op of operations(ctx.appA.clientId)) {
        const res = await call(op, { cookie, csrf: api.op.csrf });
        expect(res.status, op.key).toBe(401);
        expect(res.headers.get("location"), op.key).toBeNull();
        expect(res.headers.get("content-type"), op.key).toContain("application/problem+json");
        expect(((await res.json()) as Json).reason, op.key).toBe("NO_OPERATOR_SESSION");
      }
    }
    expect(await ctx.services.database.db.select().from(apps)).toEqual(before);
  });

  it("a write without the CSRF token, with a wrong one, or from another origin is 403 and changes nothing", async () => {
    const before = await ctx.services.database.db.select().from(apps);
    const writes = operations(ctx.appA.clientId).filter((o) => o.write);
    expect(writes.length).toBeGreaterThanOrEqual(12);
    const signedIn = { cookie: api.op.cookie, csrf: api.op.csrf };
    for (const op of writes) {
      for (const [init, reason] of [
        [{ csrf: null }, "CSRF_TOKEN_INVALID"],
        [{ csrf: "A".repeat(43) }, "CSRF_TOKEN_INVALID"],
        [{ origin: "https://evil.example" }, "ORIGIN_REFUSED"],
        [{ origin: null }, "ORIGIN_REFUSED"],
      ] as const) {
        const res = await call(op, { ...signedIn, ...init });
        expect(res.status, `${op.key} ${JSON.stringify(init)}`).toBe(403);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(((await res.json()) as Json).reason, `${op.key} ${JSON.stringify(init)}`).toBe(reason);
      }
    }
    expect(await ctx.services.database.db.select().from(apps)).toEqual(before);
  });

  it("every operation on an unknown app is 404 APP_NOT_FOUND", async () => {
    const scoped = operations(crypto.randomUUID()).filter((o) => o.appScoped);
    expect(scoped.length).toBeGreaterThanOrEqual(17);
    for (const op of scoped) {
      const res = await call(op, { cookie: api.op.cookie, csrf: api.op.csrf });
      expect(res.status, op.key).toBe(404);
      expect(((await res.json()) as Json).reason, op.key).toBe("APP_NOT_FOUND");
    }
  });

  it("an unknown path is 404 problem+json to an operator and 401 to anyone else; a huge body 413", async () => {
    await api.expectProblem(api.call("GET", "/nope"), 404, "NO_SUCH_ROUTE");
    await api.expectProblem(api.call("DELETE", "/apps"), 404, "NO_SUCH_ROUTE");
    await api.expectProblem(api.client.request("GET", "/console/api/v1/nope"), 401, "NO_OPERATOR_SESSION");
    const huge = { name: "x".repeat(MAX_BODY_BYTES), redirectUri: "https://g.example/cb" };
    await api.expectProblem(api.call("POST", "/apps", huge), 413, "BODY_TOO_LARGE");
    await api.expectProblem(
      api.client.request("POST", "/console/api/v1/apps", {
        cookie: api.op.cookie,
        csrf: api.op.csrf,
        form: { a: "b" },
      }),
      403,
    );
  });

  it("a form body to a JSON operation is 415, as the API answers", async () => {
    const res = await ctx.consoleApp.request("/console/api/v1/apps", {
      method: "POST",
      headers: {
        Cookie: `finlink_console=${api.op.cookie}`,
        Origin: consoleOrigin(ctx.config),
        "X-CSRF-Token": api.op.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "name=x&redirectUri=https%3A%2F%2Fx.example%2Fcb",
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Json).reason).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
