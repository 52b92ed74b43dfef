import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appClientSecrets, signingKeys } from "../../../db/schema";
import { sha256 } from "../../../lib/crypto";
import { testBackends } from "../../../testing/backends";
import { connectDirectly } from "../../../testing/connect";
import { createTestContext, type TestContext } from "../../../testing/test-context";
import { fire } from "../../webhooks/webhook-fixtures.testing";
import { consoleOrigin } from "../console-session";
import { consoleApi, type Json } from "./console-api.testing";

describe.each(testBackends())("the console API's document and answers on %s", (_name, backend) => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof consoleApi>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
    api = await consoleApi(ctx);
  });
  afterAll(() => ctx.close());

  it("serves its own OpenAPI document to an operator: every operation tagged, guarded and its refusals listed", async () => {
    await api.expectProblem(api.client.request("GET", "/console/api/v1/openapi.json"), 401, "NO_OPERATOR_SESSION");
    const document = await api.expectJson(api.call("GET", "/openapi.json"), 200);
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers.map((s: { url: string }) => s.url)).toEqual(["/", consoleOrigin(ctx.config)]);
    expect(document.components.securitySchemes).toMatchObject({
      operatorSession: { type: "apiKey", in: "cookie", name: "finlink_console" },
      csrfToken: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
    });
    const operations = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ where: `${method} ${path}`, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(21);
    for (const { where, method, operation } of operations) {
      expect(where.split(" ")[1], where).toMatch(/^\/console\/api\/v1\//);
      expect(operation.tags, where).toEqual(["Operator console"]);
      expect(operation.responses[401], where).toBeDefined();
      if (method === "get") {
        expect(operation.security, where).toEqual([{ operatorSession: [] }]);
      } else {
        expect(operation.security, where).toEqual([{ operatorSession: [], csrfToken: [] }]);
        expect(operation.responses[403]?.description, where).toContain("CSRF_TOKEN_INVALID");
        expect(operation.responses[413], where).toBeDefined();
      }
      expect(operation.responses[415] !== undefined, where).toBe(operation.requestBody !== undefined);
    }
  });

  it("the API's own document stays the API's: no console operation in it", async () => {
    const res = await ctx.request("GET", "/api/v1/openapi.json");
    const paths = Object.keys(((await res.json()) as Json).paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => p.startsWith("/console"))).toEqual([]);
  });

  it("no answer holds a client secret, a token, a hash or signing material, but the one-time secret creation", async () => {
    const connect = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId: "scan" });
    const event = await fire(ctx);
    const created = await api.expectJson(api.call("POST", `/apps/${ctx.appA.clientId}/secrets`), 201);
    const newApp = await api.expectJson(
      api.call("POST", "/apps", { name: "Scanned", redirectUri: "https://scan.example/cb" }),
      201,
    );
    const hashes = (await ctx.services.database.db.select().from(appClientSecrets)).map((s) => s.secretHash);
    const keys = await ctx.services.database.db.select().from(signingKeys);
    const privateParts = keys.map(
      (k) => ctx.services.cipher.decryptJson<{ d: string }>(k.privateJwkEnc, `signing-key:${k.kid}`).d,
    );
    const secrets = [
      ctx.appA.clientSecret,
      ctx.appB.clientSecret,
      created.secret,
      newApp.clientSecret,
      connect.publicToken,
      connect.connectionToken,
      sha256(connect.connectionToken),
      sha256(connect.publicToken),
      connect.apiToken,
      api.op.cookie,
      ...hashes.map((h) => h.split("$")[1] ?? h),
      ...keys.map((k) => k.privateJwkEnc),
      ...privateParts,
    ];
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(20);
    const reads = [
      "/session",
      "/apps",
      "/entities",
      "/openapi.json",
      ...[ctx.appA.clientId, ctx.appB.clientId, newApp.app.clientId].flatMap((id) =>
        ["", "/secrets", "/connections", "/webhooks", "/webhook-endpoint"].map((rest) => `/apps/${id}${rest}`),
      ),
      `/apps/${ctx.appA.clientId}/webhooks/${event}/attempts`,
    ];
    const answers = [
      ...(await Promise.all(reads.map(async (path) => [path, await api.call("GET", path)] as const))),
      ["rename", await api.call("PUT", `/apps/${ctx.appA.clientId}/name`, { name: "App A" })] as const,
      ["replay", await api.call("POST", `/apps/${ctx.appA.clientId}/webhooks/${event}/replay`)] as const,
      ["revoke", await api.call("POST", `/apps/${ctx.appA.clientId}/secrets/${created.id}/revoke`)] as const,
    ];
    for (const [what, res] of answers) {
      expect(res.status, what).toBeLessThan(300);
      const body = await res.text();
      for (const s of secrets) expect(body.includes(s), `${what} shows a secret`).toBe(false);
    }
  });
});
