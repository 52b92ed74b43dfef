import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { LOGO_POLICY } from "./logos.index";

describe("GET /logos/<entity id>.svg", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("serves every sandbox entity's logo as an inert SVG with a long cache", async () => {
    for (const entity of ctx.services.connectors.entities()) {
      expect(entity.logoUrl).toBe(`/logos/${entity.id}.svg`);
      const res = await ctx.request("GET", entity.logoUrl ?? "");
      expect(res.status, entity.id).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/svg+xml");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      // The image's own policy, not the API's: an SVG opened directly must not run script.
      expect(res.headers.get("Content-Security-Policy")).toBe(LOGO_POLICY);
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=604800");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
      const svg = await res.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      // Drawn in the entity's brand colour, so logo and accent agree; and nothing that could run or fetch.
      expect(svg).toContain(`fill="${entity.brandColor}"`);
      expect(svg).not.toMatch(/<script|\son\w+=|href=|<foreignObject|url\(/i);
    }
  });

  it("logos differ from one entity to the next", async () => {
    const bodies = await Promise.all(
      ctx.services.connectors.entities().map(async (e) => (await ctx.request("GET", e.logoUrl ?? "")).text()),
    );
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it("answers 404 for an unknown entity, another extension or a path that tries to climb out", async () => {
    for (const path of [
      "/logos/no_such_bank.svg",
      "/logos/sandbox_bank.png",
      "/logos/sandbox_bank",
      "/logos/SANDBOX_BANK.svg",
      "/logos/..%2Fentities.ts",
      "/logos/..%2F..%2Fpackage.json",
      "/logos/%2e%2e%2fentities.svg",
      "/logos/sandbox_bank.svg%2F..%2F..%2Fentities.ts",
      "/logos/../connectors/sandbox/logos/sandbox_bank.svg",
      "/logos/sandbox_bank.svg/x",
    ]) {
      const res = await ctx.request("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type"), path).not.toBe("image/svg+xml");
    }
  });
});
