import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../testing/test-context";

interface Operation {
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

/** Vumi answers 200, 400, 401, 403, 404 and 500; Finlink adds 201, 202, 409, 410, 413, 415, 429 and 503 where behaviour needs them. */
describe("status codes under /api/v1", () => {
  let ctx: TestContext;
  let operations: [string, Operation][];
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]): [string, Operation] => [`${method} ${path}`, operation]),
    );
  });
  afterAll(() => ctx.close());

  it("declares no 422 anywhere in the OpenAPI document, and 400 with a problem on every operation", () => {
    expect(operations.length).toBeGreaterThan(20);
    const with422 = operations.filter(([, operation]) => "422" in operation.responses).map(([name]) => name);
    expect(with422).toEqual([]);
    const without400 = operations
      .filter(([, operation]) => !operation.responses["400"]?.content?.["application/problem+json"])
      .map(([name]) => name);
    expect(without400).toEqual([]);
  });

  it("says in each body-taking operation's 400 that a body breaking the schema is refused there", () => {
    const withBody = operations.filter(([, operation]) => operation.requestBody);
    expect(withBody.length).toBeGreaterThan(5);
    const silent = withBody
      .filter(([, operation]) => !operation.responses["400"]?.description.includes("A body that breaks the schema"))
      .map(([name]) => name);
    expect(silent).toEqual([]);
  });

  it("answers a body that breaks the schema with 400 Bad Request, VALIDATION_ERROR and the failing fields", async () => {
    const token = await ctx.login();
    const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", { token, body: { id: "x" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { title: string; status: number; reason: string; errors: { path: string }[] };
    expect(problem).toMatchObject({ title: "Bad Request", status: 400, reason: "VALIDATION_ERROR" });
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["id", "product"]);
  });
});
