import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { renderDocs } from "./render-docs";

interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

interface Schema {
  $ref?: string;
  type?: string;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
  schema: Schema;
}
interface OpenApiWithSchemas {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        security?: unknown[];
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
}

describe("API documentation", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const openApi = async () => (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as OpenApi;

  it("serves an OpenAPI 3.1 document naming every /api/v1 operation the app serves", async () => {
    const doc = await openApi();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe("Finlink API");
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const base = "/api/v1/queries/connections/{connectionToken}";
    const expected = [
      "POST /api/v1/auth/login",
      "GET /api/v1/queries/app",
      "GET /api/v1/queries/entities",
      "GET /api/v1/queries/connections",
      "GET /api/v1/queries/connections/pending",
      "GET /api/v1/queries/connections/{connectionToken}",
      "POST /api/v1/commands/connections/start-flow",
      "POST /api/v1/commands/connections/exchange/{publicToken}",
      "POST /api/v1/commands/connections/{connectionToken}/refresh",
      "DELETE /api/v1/commands/connections/{connectionToken}",
      "GET /api/v1/webhook_verification/{keyId}",
      ...["accounts", "portfolios", "investments"].map((list) => `GET ${base}/${list}`),
      `GET ${base}/accounts/{accountId}/transactions`,
      `GET ${base}/portfolios/{portfolioId}/positions`,
      `GET ${base}/portfolios/{portfolioId}/transactions`,
    ];
    // Besides the list above, whatever else the app routes under /api/v1 (the docs themselves aside).
    const served = ctx.app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/v1/") && !/\/(openapi\.json|docs)$/.test(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    for (const operation of new Set([...expected, ...served])) expect(documented, operation).toContain(operation);
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Transaction", "Problem"]));
  });

  it("states the rule of every string input: a pattern (no control characters), a format or an enum", async () => {
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as OpenApiWithSchemas;
    const ref = (schema: Schema): Schema =>
      schema.$ref ? ref(doc.components.schemas[schema.$ref.split("/").at(-1) ?? ""] ?? {}) : schema;
    const unruled: string[] = [];
    const walk = (schema: Schema, where: string) => {
      const s = ref(schema);
      if (s.type === "string" && !s.pattern && !s.format && !s.enum && s.const === undefined) unruled.push(where);
      for (const [name, property] of Object.entries(s.properties ?? {})) walk(property, `${where}.${name}`);
      for (const [i, variant] of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].entries())
        walk(variant, `${where}|${i}`);
      if (s.items) walk(s.items, `${where}[]`);
      if (typeof s.additionalProperties === "object") walk(s.additionalProperties, `${where}{}`);
      if (s.propertyNames) walk(s.propertyNames, `${where}{key}`);
    };
    let inputs = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const at = `${method.toUpperCase()} ${path}`;
        for (const parameter of operation.parameters ?? []) {
          const p = parameter.$ref ? doc.components.parameters[parameter.$ref.split("/").at(-1) ?? ""] : parameter;
          inputs++;
          walk(p?.schema ?? {}, `${at} ${p?.in} ${p?.name}`);
        }
        const body = operation.requestBody?.content["application/json"]?.schema;
        if (body) {
          inputs++;
          walk(body, `${at} body`);
        }
      }
    }
    expect(inputs).toBeGreaterThan(60);
    expect(unruled).toEqual([]);
    const credentials = ref(doc.components.schemas.SubmitCredentialsRequest ?? {}).properties?.credentials;
    expect(credentials?.propertyNames).toMatchObject({ maxLength: 100, pattern: expect.stringContaining("\\u0000") });
  });

  it("lists 400, 413 and 415 on every operation with a body, and 401 on every one that needs credentials", async () => {
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as OpenApiWithSchemas;
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const withBody = operations.filter((operation) => operation.requestBody);
    const secured = operations.filter((operation) => (operation.security ?? []).length > 0);
    expect([withBody.length, secured.length]).toEqual([8, 24]);
    for (const operation of withBody)
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["400", "413", "415"]));
    for (const operation of secured) expect(Object.keys(operation.responses)).toContain("401");
    for (const operation of operations) expect(Object.keys(operation.responses)).toContain("400");
  });

  it("serves a self-contained docs page whose one style the CSP allows by hash", async () => {
    const res = await ctx.request("GET", "/api/v1/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toMatch(/^<!doctype html><html lang="en"><head><meta charset="utf-8">/);
    expect(page).toContain("<main>");
    expect(page).toContain("<h1>Finlink API");
    expect(page).toContain("<code>/api/v1/commands/connections/exchange/{publicToken}</code>");
    expect(page).toContain("Exchange a publicToken for a connectionToken");
    expect(page).toContain("<td><code>X-Client-Trace-ID</code></td><td>header</td>"); // a shared parameter, resolved
    expect(page).toContain('<a href="#schema-TransactionPage">TransactionPage</a>');
    // Nothing to fetch: no script, no external asset, no inline style attribute the CSP would block.
    expect(page).not.toMatch(/<script|<link|<img|<iframe|style="|src=/i);
    expect([...page.matchAll(/href="([^"]*)"/g)].filter(([, href]) => !/^(#|openapi\.json$)/.test(href ?? ""))).toEqual(
      [],
    );
    const styles = [...page.matchAll(/<style>([^<]*)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const hash = createHash("sha256")
      .update(styles[0]?.[1] ?? "")
      .digest("base64");
    expect(res.headers.get("content-security-policy")).toContain(`style-src 'sha256-${hash}'`);
  });

  it("links only to anchors the page has", async () => {
    const page = await (await ctx.request("GET", "/api/v1/docs")).text();
    const ids = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(50);
    expect(targets.filter((target) => !ids.has(target))).toEqual([]);
    expect(ids.size).toBe([...page.matchAll(/ id="/g)].length);
  });
});

describe("renderDocs", () => {
  it("escapes every piece of text from the document", () => {
    const evil = `<script>alert("x")</script>`;
    const { body } = renderDocs({
      openapi: "3.1.0",
      info: { title: evil, version: "1", description: `\`${evil}\`` },
      paths: {
        [`/x/${evil}`]: {
          get: {
            tags: [evil],
            summary: evil,
            parameters: [{ name: evil, in: "query", schema: { type: "string", pattern: evil, example: evil } }],
            responses: { 200: { description: evil, content: { "application/json": { schema: { $ref: evil } } } } },
          },
        },
      },
      components: { schemas: { [evil]: { type: "object", properties: { [evil]: { enum: [evil] } } } } },
    });
    expect(String(body)).not.toContain("<script");
    expect(String(body)).toContain("&lt;script&gt;");
  });
});
