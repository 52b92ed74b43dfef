import { PublicJwk } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";

describe("webhook verification keys", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  it("serves the public ES256 JWK of the webhook key, with exactly its public members, without authentication", async () => {
    const kid = ctx.services.keys.currentKid("webhook");
    // A bare UUID, as Vumi's verification guide has it.
    expect(kid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const res = await ctx.request("GET", `/api/v1/webhook_verification/${kid}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    // Strict, and the exact keys: a non-strict parse would drop a private `d` and pass.
    const jwk = PublicJwk.strict().parse(body);
    expect(Object.keys(body).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    expect(jwk).toMatchObject({ kid, kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(res.headers.get("cache-control")).toContain("max-age");
  });

  it("answers 404 for an unknown key and for an API-signing key", async () => {
    expect((await ctx.request("GET", "/api/v1/webhook_verification/nope")).status).toBe(404);
    const apiKid = ctx.services.keys.currentKid("api");
    expect((await ctx.request("GET", `/api/v1/webhook_verification/${apiKid}`)).status).toBe(404);
  });
});
