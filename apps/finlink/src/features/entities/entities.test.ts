import { Entity } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";

describe("GET /api/v1/queries/entities", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("lists the sandbox entities in the public shape", async () => {
    const res = await ctx.request("GET", "/api/v1/queries/entities", { token: await ctx.login() });
    expect(res.status).toBe(200);
    const entities = (await res.json()) as Record<string, unknown>[];
    for (const entity of entities) {
      expect(Entity.strict().parse(entity)).toEqual(entity);
      expect(entity.maturity).toBe("TEST");
    }
    expect(entities.map((e) => e.id)).toEqual(
      expect.arrayContaining(["sandbox_bank", "sandbox_broker", "sandbox_bank_app"]),
    );
  });

  it("adds the entity type and an absolute logo URL on Finlink's origin, nothing Link-only", async () => {
    const res = await ctx.request("GET", "/api/v1/queries/entities", { token: await ctx.login() });
    const entities = (await res.json()) as Record<string, unknown>[];
    const bank = entities.find((e) => e.id === "sandbox_bank");
    // An integrator shows the logo on its own site: a path would point at the integrator's origin.
    expect(bank).toMatchObject({ type: "BANK", logoUrl: `${ctx.config.publicUrl}/logos/sandbox_bank.svg` });
    expect(entities.find((e) => e.id === "sandbox_broker")?.type).toBe("BROKER");
    for (const entity of entities) {
      for (const linkOnly of [
        "credentialFields",
        "signIn",
        "brandColor",
        "popularity",
        "status",
        "forgotPasswordUrl",
      ]) {
        expect(entity).not.toHaveProperty(linkOnly);
      }
    }
  });

  it("needs the read scope", async () => {
    const token = await ctx.login(ctx.appA, ["write"]);
    expect((await ctx.request("GET", "/api/v1/queries/entities", { token })).status).toBe(403);
    expect((await ctx.request("GET", "/api/v1/queries/entities")).status).toBe(401);
  });
});
