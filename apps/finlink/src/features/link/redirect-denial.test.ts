import type { CompleteRedirectResponse, LinkSignInResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSessions } from "../../db/schema";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type LinkClient, openLink, queryOf, submitCredentials } from "./link.testing";
import { authenticateSession } from "./link-session";
import { answerAtBank, completeRedirect, OAUTH_ENTITY, startRedirect, withToken } from "./redirect.testing";
import { claimSignIn } from "./sign-in-claim";

// A refusal at the bank ends the sign-in: the session may then only exit, as USER_DENIED (found by the attacker
// helper, c71a539: a denial after an earlier sign-in still finished into a connection).

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ workers: false });
});
afterAll(() => ctx?.close());

const reasonOf = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  return ((await res.json()) as { reason?: string }).reason;
};

/** Starts a redirect on `link`, denies at the bank, completes: the completion and the session with its fresh token. */
async function deny(link: LinkClient) {
  const { authorizeUrl } = await startRedirect(link);
  const res = await completeRedirect(ctx, await answerAtBank(ctx, authorizeUrl, { action: "deny" }));
  expect(res.status).toBe(200);
  const denied = (await res.json()) as CompleteRedirectResponse;
  expect(denied.result).toEqual({ step: "DENIED" });
  return { denied, resumed: withToken(link, ctx, denied.sessionToken) };
}

/** Every way on but exit is refused 409 SIGN_IN_DENIED. */
async function onlyExit(resumed: LinkClient) {
  expect(await reasonOf(await resumed.call("POST", "session/finish"), 409)).toBe("SIGN_IN_DENIED");
  expect(await reasonOf(await submitCredentials(resumed, "sandbox_bank", "user_good"), 409)).toBe("SIGN_IN_DENIED");
  expect(await reasonOf(await resumed.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 409)).toBe(
    "SIGN_IN_DENIED",
  );
  expect(
    await reasonOf(
      await resumed.call("POST", "session/mfa", { challengeId: "x", answer: { type: "OTP", code: "123456" } }),
      409,
    ),
  ).toBe("SIGN_IN_DENIED");
  // Whatever reason Link gives, the app hears USER_DENIED.
  const exited = await resumed.call("POST", "session/exit", { reason: "USER_EXIT", screen: "REDIRECT" });
  expect(exited.status).toBe(200);
  expect(queryOf(((await exited.json()) as { redirectUrl: string }).redirectUrl).error).toBe("USER_DENIED");
}

describe("a refusal at the bank", () => {
  it("from the entity screen: answers the session's step (ENTITY), then only exit, as USER_DENIED", async () => {
    const { denied, resumed } = await deny(await openLink(ctx));
    expect(denied.step).toBe("ENTITY");
    expect(((await (await resumed.call("GET", "session")).json()) as { step: string }).step).toBe("ENTITY");
    await onlyExit(resumed);
  });

  it("from MFA (a form bank's code pending): the challenge is dropped, ENTITY, then only exit", async () => {
    const link = await openLink(ctx);
    const first = await submitCredentials(link, "sandbox_bank", "user_otp");
    expect(((await first.json()) as LinkSignInResponse).step).toBe("MFA");
    const { denied, resumed } = await deny(link);
    expect(denied.step).toBe("ENTITY");
    expect(await (await resumed.call("GET", "session")).json()).toMatchObject({ step: "ENTITY", challenge: null });
    // Nothing of the form sign-in is kept: no credentials, no connector state.
    const row = await authenticateSession(ctx.services, denied.sessionToken);
    expect([row.signInDenied, row.credentialsEnc, row.connectorStateEnc]).toEqual([true, null, null]);
    await onlyExit(resumed);
  });

  it("is refused by the sign-in claim itself: a step already past the first check does not get through", async () => {
    const link = await openLink(ctx);
    const row = await authenticateSession(ctx.services, link.sessionToken);
    await ctx.services.database.db.update(linkSessions).set({ signInDenied: true }).where(eq(linkSessions.id, row.id));
    const claim = claimSignIn(ctx.services, row.id, ["ENTITY", "CREDENTIALS"], () => new Error("not allowed") as never);
    await expect(claim).rejects.toMatchObject({ status: 409, extra: { reason: "SIGN_IN_DENIED" } });
  });

  it("an exit without a denial keeps the reason Link gives", async () => {
    const link = await openLink(ctx);
    const exited = await link.call("POST", "session/exit", { reason: "USER_EXIT", screen: "ENTITY" });
    expect(queryOf(((await exited.json()) as { redirectUrl: string }).redirectUrl).error).toBe("USER_EXIT");
  });
});

describe("a redirect once signed in", () => {
  it("is not started (409 ALREADY_AUTHENTICATED): by form or by redirect, the user already signed in", async () => {
    const link = await openLink(ctx);
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
    expect(await reasonOf(await link.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 409)).toBe(
      "ALREADY_AUTHENTICATED",
    );
    expect((await link.call("POST", "session/finish")).status).toBe(200);
  });

  it("one pending from before a form sign-in does not complete, nor its denial undo the sign-in (404)", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const back = await answerAtBank(ctx, authorizeUrl, { action: "deny" });
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
    expect(await reasonOf(await completeRedirect(ctx, back, { "X-Link-Session": link.sessionToken }), 404)).toBe(
      "REDIRECT_STATE_UNKNOWN",
    );
    expect((await link.call("POST", "session/finish")).status).toBe(200);
  });
});
