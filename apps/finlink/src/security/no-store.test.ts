import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLink } from "../features/link/link.testing";
import { connectDirectly } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";

describe("Cache-Control on answers that carry tokens or credentials", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("is no-store on every one of them, and on errors", async () => {
    const { apiToken, connectionToken } = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
    const link = await openLink(ctx);
    const redirectId = ctx.appA.redirects[0]?.id;
    const token = apiToken;
    const sandbox = await ctx.request("POST", "/api/v1/sandbox/public-token", {
      token,
      body: { entity: "sandbox_bank", username: "user_good" },
    });
    const { publicToken } = (await sandbox.clone().json()) as { publicToken: string };
    const answers: [string, Response, number][] = [
      ["login", await ctx.request("POST", "/api/v1/auth/login", { body: ctx.appA }), 200],
      ["sandbox public-token", sandbox, 200],
      ["pending", await ctx.request("GET", "/api/v1/queries/connections/pending", { token }), 200],
      ["exchange", await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token }), 200],
      ["connection status", await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token }), 200],
      ["connection list", await ctx.request("GET", "/api/v1/queries/connections", { token }), 200],
      [
        "start-flow",
        await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
          token,
          body: { id: redirectId, product: "TRANSACTIONS" },
        }),
        200,
      ],
      ["Link session create", await ctx.request("POST", "/api/v1/link/sessions", { body: { id: redirectId } }), 201],
      ["Link session read", await link.call("GET", "session"), 200],
      [
        "reset-login",
        await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, { token }),
        200,
      ],
      ["an error", await ctx.request("GET", "/api/v1/queries/app"), 401],
      ["no route", await ctx.request("GET", "/api/v1/nothing-here"), 404],
    ];
    for (const [what, res, status] of answers) {
      expect(res.status, what).toBe(status);
      expect(res.headers.get("cache-control"), what).toBe("no-store");
    }
    expect(answers).toHaveLength(12);
  });

  it("leaves the public verification key cacheable", async () => {
    const res = await ctx.request("GET", `/api/v1/webhook_verification/${ctx.services.keys.currentKid("webhook")}`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
  });
});
