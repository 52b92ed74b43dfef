import type { CompleteRedirectResponse } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink, submitCredentials } from "./link.testing";
import { answerAtBank, completeRedirect, signInByRedirect, startRedirect, withToken } from "./redirect.testing";

// The attacker helper's findings as tests that fail while the defect is there (not product code: evidence).

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ workers: false });
});
afterAll(() => ctx?.close());

describe("a refusal at the bank is the user's last word", () => {
  it("finish after DENIED does not connect a session that was signed in by redirect before", async () => {
    const { resumed } = await signInByRedirect(ctx);
    const again = await startRedirect(resumed);
    const back = await answerAtBank(ctx, again.authorizeUrl, { action: "deny" });
    const res = await completeRedirect(ctx, back);
    const denied = (await res.json()) as CompleteRedirectResponse;
    expect(denied.result.step).toBe("DENIED");
    const finished = await withToken(resumed, ctx, denied.sessionToken).call("POST", "session/finish");
    expect(finished.status).toBe(409);
  });

  it("finish after DENIED does not connect the FORM entity signed in before the redirect", async () => {
    const link = await openLink(ctx);
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
    const { authorizeUrl } = await startRedirect(link);
    const denied = (await (
      await completeRedirect(ctx, await answerAtBank(ctx, authorizeUrl, { action: "deny" }))
    ).json()) as CompleteRedirectResponse;
    expect(denied.result.step).toBe("DENIED");
    expect(denied.step).not.toBe("AUTHENTICATED");
    const finished = await withToken(link, ctx, denied.sessionToken).call("POST", "session/finish");
    expect(finished.status).toBe(409);
  });
});

describe("the state alone does not hand the session over", () => {
  it("a forged denial (state from the authorize URL, no bank visit) leaves the user's token working", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const state = new URL(authorizeUrl).searchParams.get("state") ?? "";
    const forged = `http://127.0.0.1:4010/link/return?error=access_denied&state=${state}`;
    const res = await completeRedirect(ctx, forged);
    // Today: 200 DENIED with a fresh sessionToken for whoever sent it, and the user's token is dead.
    const body = (await res.json()) as Partial<CompleteRedirectResponse>;
    expect(body.sessionToken).toBeUndefined();
    expect((await link.call("GET", "session")).status).toBe(200);
  });
});
