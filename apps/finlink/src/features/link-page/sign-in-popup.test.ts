import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";

// Link in an app's iframe opens the bank's page in a popup, and the bank sends the user back to Link's return
// page in that popup, which hands the return to the iframe through `window.opener`. COOP `same-origin` on either
// page would sever the opener (the iframe's top page is the app's, another origin).
describe("the pages of a redirect sign-in's popup", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const coop = (res: Response) => res.headers.get("cross-origin-opener-policy");

  it("keep the popup's opener on the return page and the sandbox bank's page, GET and POST", async () => {
    for (const [method, path] of [
      ["GET", "/link/return?code=c&state=s"],
      ["GET", "/sandbox/oauth/authorize"],
      ["POST", "/sandbox/oauth/authorize"],
    ] as const) {
      const res = await ctx.request(method, path);
      expect(coop(res), `${method} ${path}`).toBe("unsafe-none");
      expect(res.headers.get("x-frame-options"), `${method} ${path}`).toBe("DENY");
      expect(res.headers.get("content-security-policy"), `${method} ${path}`).toContain("frame-ancestors 'none'");
    }
  });

  it("leave every other route isolated (same-origin)", async () => {
    expect(coop(await ctx.request("GET", "/api/v1/openapi.json"))).toBe("same-origin");
    expect(coop(await ctx.request("GET", "/link/return/x"))).toBe("same-origin");
  });
});
