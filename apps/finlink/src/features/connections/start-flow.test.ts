import { type FinishLinkResponse, START_TOKEN_MAX } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink, signIn } from "../link/link.testing";
import { verifyStartToken } from "../link/start-token";

describe("start-flow", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const startFlow = async (body: unknown, who = ctx.appA) =>
    ctx.request("POST", "/api/v1/commands/connections/start-flow", { token: await ctx.login(who), body });
  const redirectId = () => ctx.appA.redirects[0]?.id;
  const claimsOf = async (res: Response) => {
    expect(res.status).toBe(200);
    return verifyStartToken(ctx.services.keys, ((await res.json()) as { token: string }).token);
  };
  const problemOf = async (res: Response) => {
    expect(res.status).toBe(400);
    return (await res.json()) as { title: string; reason: string; detail: string; errors?: { path: string }[] };
  };

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

  it("answers 400 VALIDATION_ERROR with the failing fields for a bad body", async () => {
    const res = await startFlow({ id: "x", product: "LOANS" });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { path: string }[] };
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(["id", "product"]));
  });

  it("refuses an updateToken together with a restoreToken with 400, before looking either up", async () => {
    const id = ctx.appA.redirects[0]?.id;
    const both = await startFlow({ id, product: "TRANSACTIONS", updateToken: "upd_a", restoreToken: "rst_b" });
    expect(both.status).toBe(400);
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

  it("takes null for entity, externalId, desiredOwners and subproduct, as absent", async () => {
    const nulls = { entity: null, externalId: null, desiredOwners: null, subproduct: null };
    for (const product of ["TRANSACTIONS", "INVESTMENTS"]) {
      const claims = await claimsOf(await startFlow({ id: redirectId(), product, ...nulls }));
      expect(claims).toMatchObject({ product, entity: null, ext: null, owners: null });
    }
  });

  it("answers ASSETS_TRANSFER with 400 PRODUCT_NOT_SUPPORTED, not a validation error, with or without subproduct", async () => {
    for (const subproduct of [undefined, null, "FUND", "PENSION_PLAN"]) {
      const problem = await problemOf(await startFlow({ id: redirectId(), product: "ASSETS_TRANSFER", subproduct }));
      expect(problem).toMatchObject({ title: "Bad Request", reason: "PRODUCT_NOT_SUPPORTED" });
      expect(problem.detail).toMatch(/does not serve assets transfer yet/);
      expect(problem.errors).toBeUndefined();
    }
    // A product Vumi does not name stays a validation error.
    expect((await problemOf(await startFlow({ id: redirectId(), product: "LOANS" }))).reason).toBe("VALIDATION_ERROR");
  });

  it("refuses a subproduct with any product but ASSETS_TRANSFER (400 SUBPRODUCT_NOT_ALLOWED), and a bad one", async () => {
    for (const [product, subproduct] of [
      ["TRANSACTIONS", "FUND"],
      ["INVESTMENTS", "PENSION_PLAN"],
    ]) {
      const problem = await problemOf(await startFlow({ id: redirectId(), product, subproduct }));
      expect(problem).toMatchObject({ reason: "SUBPRODUCT_NOT_ALLOWED" });
      expect(problem.detail).toContain(`subproduct applies to ASSETS_TRANSFER only`);
    }
    // Vumi's pension-plan value is unknown: any subproduct with ASSETS_TRANSFER hears the real reason.
    for (const subproduct of ["PP", "PENSION_PLAN", "FUND", "p".repeat(50)]) {
      const problem = await problemOf(await startFlow({ id: redirectId(), product: "ASSETS_TRANSFER", subproduct }));
      expect(problem.reason, subproduct).toBe("PRODUCT_NOT_SUPPORTED");
    }
    for (const subproduct of ["p".repeat(51), "", "x\u0000", 7]) {
      const problem = await problemOf(await startFlow({ id: redirectId(), product: "ASSETS_TRANSFER", subproduct }));
      expect(problem, String(subproduct)).toMatchObject({
        reason: "VALIDATION_ERROR",
        errors: [{ path: "subproduct" }],
      });
    }
  });

  it("signs desiredOwners into the start token; an empty list restricts nothing; a name needs a letter or digit", async () => {
    const owners = ["Jane Smith", "GARCÍA LÓPEZ, ANA"];
    expect(
      (await claimsOf(await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: owners }))).owners,
    ).toEqual(owners);
    expect(
      (await claimsOf(await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: [] }))).owners,
    ).toBeNull();
    const nameless = await problemOf(
      await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: ["Ana", " - , "] }),
    );
    expect(nameless).toMatchObject({ reason: "VALIDATION_ERROR", errors: [{ path: "desiredOwners.1" }] });
    const eleven = Array.from({ length: 11 }, (_, i) => `Owner ${i}`);
    expect(
      (await problemOf(await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: eleven }))).reason,
    ).toBe("VALIDATION_ERROR");
    expect(
      (await claimsOf(await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: eleven.slice(1) })))
        .owners,
    ).toHaveLength(10);
  });

  it("refuses a start whose token would be longer than Link takes (START_TOO_LARGE), and opens Link with one just below", async () => {
    const body = (owner: string) => ({
      id: redirectId(),
      product: "TRANSACTIONS",
      desiredOwners: Array(10).fill(owner),
    });
    // Ten 200-character names of a three-byte character: over 8,000 characters of token.
    const tooLarge = await problemOf(await startFlow(body(`${"€".repeat(199)}a`)));
    expect(tooLarge.reason).toBe("START_TOO_LARGE");
    expect(tooLarge.detail).toContain(`at most ${START_TOKEN_MAX}`);
    // The largest start that fits: grow the names until the token would pass the limit.
    let fits: Response | undefined;
    for (let length = 150; length <= 200; length += 2) {
      const res = await startFlow(body(`${"€".repeat(length)}a`));
      if (res.status !== 200) break;
      fits = res;
    }
    if (!fits) throw new Error("no start fitted under the limit");
    const { token } = (await fits.json()) as { token: string };
    expect(token.length).toBeGreaterThan(START_TOKEN_MAX - 600);
    expect(token.length).toBeLessThanOrEqual(START_TOKEN_MAX);
    const opened = await ctx.request("POST", "/api/v1/link/sessions", { body: { authToken: token } });
    expect(opened.status).toBe(201);
  });

  it("keeps desiredOwners on the connection Link creates from the start token, and none from URL parameters", async () => {
    const createdWith = async (start: Record<string, unknown>) => {
      const link = await openLink(ctx, start);
      expect((await signIn(link, "sandbox_bank", "user_good")).status).toBe(200);
      const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
      const [row] = await ctx.services.database.db
        .select({ desiredOwners: connections.desiredOwners })
        .from(connections)
        .where(eq(connections.publicTokenHash, sha256(finish.publicToken ?? "")));
      expect(row).toBeDefined();
      return row?.desiredOwners;
    };
    const started = await startFlow({ id: redirectId(), product: "TRANSACTIONS", desiredOwners: ["Jane Smith"] });
    const { token } = (await started.json()) as { token: string };
    expect(await createdWith({ authToken: token })).toEqual(["Jane Smith"]);
    expect(await createdWith({ id: redirectId() })).toBeNull();
  });
});
