import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { verifyStartToken } from "../link/start-token";

describe("start-flow", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const startFlow = async (body: unknown, who = ctx.appA) =>
    ctx.request("POST", "/api/v1/commands/connections/start-flow", { token: await ctx.login(who), body });

  it("signs a 15-minute start token and answers the Link URL with it", async () => {
    const redirect = ctx.appA.redirects[0];
    const res = await startFlow({ id: redirect?.id, product: "TRANSACTIONS", externalId: "u-1", state: "s-1" });
    expect(res.status).toBe(200);
    const { token, url } = (await res.json()) as { token: string; url: string };
    expect(url).toBe(`http://127.0.0.1:4010/link?authToken=${token}`);
    const claims = await verifyStartToken(ctx.services.keys, token);
    expect(claims).toMatchObject({ sub: ctx.appA.clientId, rid: redirect?.id, ext: "u-1", state: "s-1", entity: null });
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      exp: number;
      iat: number;
    };
    expect(payload.exp - payload.iat).toBe(900);
  });

  it("refuses another app's redirect id, an unknown entity and unknown update tokens with 404", async () => {
    const foreign = await startFlow({ id: ctx.appB.redirects[0]?.id, product: "TRANSACTIONS" });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ reason: "UNKNOWN_REDIRECT" });
    const id = ctx.appA.redirects[0]?.id;
    expect(await (await startFlow({ id, product: "TRANSACTIONS", entity: "nope" })).json()).toMatchObject({
      status: 404,
      reason: "UNKNOWN_ENTITY",
    });
    expect(await (await startFlow({ id, product: "TRANSACTIONS", updateToken: "upd_x" })).json()).toMatchObject({
      status: 404,
      reason: "UNKNOWN_TOKEN",
    });
  });

  it("answers 422 with the failing fields for a bad body", async () => {
    const res = await startFlow({ id: "x", product: "LOANS" });
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: { path: string }[] };
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(["id", "product"]));
  });

  it("refuses an updateToken together with a restoreToken with 422, before looking either up", async () => {
    const id = ctx.appA.redirects[0]?.id;
    const both = await startFlow({ id, product: "TRANSACTIONS", updateToken: "upd_a", restoreToken: "rst_b" });
    expect(both.status).toBe(422);
    expect(await both.json()).toMatchObject({
      reason: "VALIDATION_ERROR",
      errors: [{ message: "Give updateToken or restoreToken, not both" }],
    });
    // Either alone passes validation and is looked up: these are unknown, so 404.
    for (const one of [{ updateToken: "upd_a" }, { restoreToken: "rst_b" }]) {
      const res = await startFlow({ id, product: "TRANSACTIONS", ...one });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ reason: "UNKNOWN_TOKEN" });
    }
  });
});
