import type { CompleteRedirectResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink, submitCredentials } from "./link.testing";
import { answerAtBank, beginAt, completeRedirect, OAUTH_ENTITY, startRedirect } from "./redirect.testing";

// The rules of a redirect's state: found by it alone, once, only the newest, only while it and its session
// live — and one answer for every way it can be unusable, so a state cannot be probed.

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ workers: false, now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());
beforeEach(() => {
  offsetMs = 0;
});

const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  return (await res.json()) as { reason?: string; step?: string };
};
const unknownState = async (res: Response) => expect((await problem(res, 404)).reason).toBe("REDIRECT_STATE_UNKNOWN");

/** A started redirect, approved at the bank: the session and where the bank sent the browser. */
async function approved(body?: Record<string, unknown>) {
  const link = await openLink(ctx, body);
  const started = await startRedirect(link);
  return { link, started, back: await answerAtBank(ctx, started.authorizeUrl, { action: "approve" }) };
}

describe("POST /link/session/redirect", () => {
  it("answers the bank's authorize URL with a 256-bit state and an S256 challenge, expiring in 10 minutes", async () => {
    const before = Date.now();
    const link = await openLink(ctx);
    const { authorizeUrl, expiresAt } = await startRedirect(link);
    const url = new URL((await beginAt(ctx, authorizeUrl)).bankUrl);
    expect(`${url.origin}${url.pathname}`).toBe("http://127.0.0.1:4010/sandbox/oauth/authorize");
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      response_type: "code",
      client_id: "finlink",
      redirect_uri: "http://127.0.0.1:4010/link/return",
      code_challenge_method: "S256",
    });
    expect(query.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lapse = Date.parse(expiresAt) - before;
    expect(lapse).toBeGreaterThan(9.9 * 60_000);
    expect(lapse).toBeLessThanOrEqual(10 * 60_000 + 1_000);
    // Only the state's hash is stored, and the verifier is encrypted: neither is in the row as it was sent.
    const [row] = await ctx.services.database.db
      .select()
      .from(linkSessions)
      .where(eq(linkSessions.redirectStateHash, sha256(query.state ?? "")));
    expect(row?.redirectEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(query.state);
  });

  it("expires with the session when the session ends sooner than 10 minutes", async () => {
    const link = await openLink(ctx);
    offsetMs = 25 * 60_000; // the session (30 minutes) has 5 left
    const { expiresAt } = await startRedirect(link);
    expect(expiresAt).toBe(link.expiresAt);
  });

  it("refuses an entity that signs in on Link's form, and Link's form refuses the redirect entity", async () => {
    const link = await openLink(ctx);
    const form = await problem(await link.call("POST", "session/redirect", { entity: "sandbox_bank" }), 400);
    expect(form.reason).toBe("NOT_REDIRECT_ENTITY");
    const credentials = await link.call("POST", "session/credentials", { entity: OAUTH_ENTITY, credentials: {} });
    expect((await problem(credentials, 400)).reason).toBe("REDIRECT_ENTITY");
    expect((await problem(await link.call("POST", "session/redirect", { entity: "no_bank" }), 404)).reason).toBe(
      "UNKNOWN_ENTITY",
    );
  });

  it("keeps a session opened for one entity there, and refuses an entity without the session's product", async () => {
    const fixed = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, entity: "sandbox_bank" });
    const other = await problem(await fixed.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 400);
    expect(other.reason).toBe("ENTITY_MISMATCH");
    const ours = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, entity: OAUTH_ENTITY });
    expect((await ours.call("POST", "session/redirect", { entity: OAUTH_ENTITY })).status).toBe(200);
    const investments = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, product: "INVESTMENTS" });
    const refused = await problem(await investments.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 400);
    expect(refused.reason).toBe("UNSUPPORTED_PRODUCT");
  });

  it("refuses a finished session (409 SESSION_DONE), a locked one (429) and no token (401)", async () => {
    const done = await openLink(ctx);
    expect((await done.call("POST", "session/exit", {})).status).toBe(200);
    expect((await problem(await done.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 409)).reason).toBe(
      "SESSION_DONE",
    );
    const locked = await openLink(ctx);
    for (let i = 0; i < 5; i++) await submitCredentials(locked, "sandbox_bank", "user_good", "wrong");
    await ctx.resetLimits();
    expect((await problem(await locked.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 429)).reason).toBe(
      "TOO_MANY_ATTEMPTS",
    );
    const anonymous = await ctx.request("POST", "/api/v1/link/session/redirect", { body: { entity: OAUTH_ENTITY } });
    expect((await problem(anonymous, 401)).reason).toBe("SESSION_EXPIRED");
  });
});

describe("POST /link/redirect/complete: the state", () => {
  it("completes once: the same return again (a reload of the return page) is REDIRECT_STATE_UNKNOWN", async () => {
    const { back } = await approved();
    expect((await completeRedirect(ctx, back)).status).toBe(200);
    await unknownState(await completeRedirect(ctx, back));
  });

  it("completes only the newest start: a replaced state is unknown, the new one completes", async () => {
    const link = await openLink(ctx);
    const first = await startRedirect(link);
    const firstBack = await answerAtBank(ctx, first.authorizeUrl, { action: "approve" });
    const second = await startRedirect(link);
    await unknownState(await completeRedirect(ctx, firstBack));
    const secondBack = await answerAtBank(ctx, second.authorizeUrl, { action: "approve" });
    expect((await completeRedirect(ctx, secondBack)).status).toBe(200);
  });

  it("gives the same answer for a state never issued, one expired, and one whose session ended or expired", async () => {
    const forged = new URL("http://127.0.0.1:4010/link/return");
    forged.searchParams.set("code", "x");
    forged.searchParams.set("state", "A".repeat(43));
    await unknownState(await completeRedirect(ctx, forged.toString()));

    const late = await approved();
    offsetMs = 10 * 60_000 + 1_000;
    await unknownState(await completeRedirect(ctx, late.back));

    // Just inside the 10 minutes (the user took 9:55 at the bank, so the code is fresh): it completes.
    offsetMs = 0;
    const slow = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(slow);
    offsetMs = 10 * 60_000 - 5_000;
    const slowBack = await answerAtBank(ctx, authorizeUrl, { action: "approve" });
    expect((await completeRedirect(ctx, slowBack)).status).toBe(200);

    offsetMs = 0;
    const exited = await approved();
    expect((await exited.link.call("POST", "session/exit", {})).status).toBe(200);
    await unknownState(await completeRedirect(ctx, exited.back));
    // Nothing of the pending redirect outlives the session: not even the state's hash or the verifier.
    const [ended] = await ctx.services.database.db
      .select()
      .from(linkSessions)
      .where(eq(linkSessions.tokenHash, sha256(exited.link.sessionToken)));
    expect(ended).toMatchObject({ step: "DONE", redirectStateHash: null, redirectEnc: null, redirectExpiresAt: null });

    const lapsed = await approved();
    // The session ends (30 minutes) while its redirect would still have time: the session's end wins.
    await ctx.services.database.db
      .update(linkSessions)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(linkSessions.tokenHash, sha256(lapsed.link.sessionToken)));
    await unknownState(await completeRedirect(ctx, lapsed.back));
  });

  it("exchanges a code within 5 minutes of the approval, not after", async () => {
    const inTime = await approved();
    offsetMs = 5 * 60_000 - 2_000;
    expect((await completeRedirect(ctx, inTime.back)).status).toBe(200);
    offsetMs = 0;
    const late = await approved();
    offsetMs = 5 * 60_000 + 1_000;
    expect(await problem(await completeRedirect(ctx, late.back), 400)).toMatchObject({
      reason: "INTERNAL_SERVER_ERROR",
      step: "CREDENTIALS",
    });
  });

  it("answers another error from the bank as ENTITY_UNAVAILABLE (503), spending the state", async () => {
    const link = await openLink(ctx);
    const state = (await beginAt(ctx, (await startRedirect(link)).authorizeUrl)).state;
    const back = `http://127.0.0.1:4010/link/return?error=temporarily_unavailable&state=${state}`;
    expect(await problem(await completeRedirect(ctx, back), 503)).toMatchObject({ reason: "ENTITY_UNAVAILABLE" });
    await unknownState(await completeRedirect(ctx, back));
    // The session goes on with its token: the user may start the redirect again.
    expect((await link.call("POST", "session/redirect", { entity: OAUTH_ENTITY })).status).toBe(200);
  });

  it("refuses a code replayed with another session's state: that session's verifier is not the code's", async () => {
    const { back } = await approved();
    const other = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(other);
    const replay = new URL(back);
    replay.searchParams.set("state", (await beginAt(ctx, authorizeUrl)).state);
    const refused = await problem(await completeRedirect(ctx, replay.toString()), 400);
    expect(refused).toMatchObject({ reason: "INTERNAL_SERVER_ERROR", step: "CREDENTIALS" });
    // The other session's state was spent by the refused exchange: it does not complete a second time.
    await unknownState(await completeRedirect(ctx, replay.toString()));
  });
});

describe("POST /link/redirect/complete: the received URI", () => {
  it("takes only Finlink's own return URL with a state and a code or an error (400 INVALID_REDIRECT)", async () => {
    const { back } = await approved();
    const variant = (change: (url: URL) => void) => {
      const url = new URL(back);
      change(url);
      return url.toString();
    };
    const cases = [
      "not a url",
      variant((u) => {
        u.host = "evil.example";
      }),
      variant((u) => {
        u.protocol = "https:";
      }),
      variant((u) => {
        u.port = "4011";
      }),
      variant((u) => {
        u.pathname = "/link/return/x";
      }),
      variant((u) => {
        u.pathname = "/link";
      }),
      variant((u) => u.searchParams.delete("state")),
      variant((u) => u.searchParams.set("state", "")),
      variant((u) => u.searchParams.delete("code")),
    ];
    for (const uri of cases)
      expect((await problem(await completeRedirect(ctx, uri), 400)).reason, uri).toBe("INVALID_REDIRECT");
    // None of those spent the state: the genuine return still completes.
    const res = await completeRedirect(ctx, back);
    expect(res.status).toBe(200);
    expect(((await res.json()) as CompleteRedirectResponse).result.step).toBe("AUTHENTICATED");
  });

  it("refuses a body that is not a CompleteRedirectRequest (400 VALIDATION_ERROR)", async () => {
    for (const body of [{}, { receivedRedirectUri: 5 }, { receivedRedirectUri: "x".repeat(4001) }]) {
      expect((await problem(await ctx.request("POST", "/api/v1/link/redirect/complete", { body }), 400)).reason).toBe(
        "VALIDATION_ERROR",
      );
    }
  });
});
