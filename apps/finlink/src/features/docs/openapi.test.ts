import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";

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

describe("the OpenAPI document", () => {
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
    // The page's own origin first (try-it works under any host name), then the public URL for tools.
    expect((doc as unknown as { servers: { url: string }[] }).servers.map((s) => s.url)).toEqual([
      "/",
      ctx.config.publicUrl,
    ]);
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
      `GET ${base}/portfolios/active-positions`,
      `GET ${base}/portfolios/{portfolioId}/transactions`,
    ];
    // Besides the list above, whatever else the app routes under /api/v1 (the docs themselves aside).
    const served = ctx.app.routes
      .filter(
        (r) =>
          r.method !== "ALL" && r.path.startsWith("/api/v1/") && !/^\/api\/v1\/(openapi\.json|docs)(\/|$)/.test(r.path),
      )
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
    expect([withBody.length, secured.length]).toEqual([11, 30]);
    for (const operation of withBody)
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["400", "413", "415"]));
    for (const operation of secured) expect(Object.keys(operation.responses)).toContain("401");
    for (const operation of operations) expect(Object.keys(operation.responses)).toContain("400");
  });
});
