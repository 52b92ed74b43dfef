import type { CompleteRedirectResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink } from "./link.testing";
import { authenticateSession } from "./link-session";
import {
  answerAtBank,
  beginAt,
  beginRequest,
  completeRedirect,
  OAUTH_ENTITY,
  signInByRedirect,
  startRedirect,
} from "./redirect.testing";
import { MAX_REDIRECT_STARTS } from "./redirect-sign-in.service";

// A return completes only in the browser that started the redirect (found by the attacker helper, c71a539: the
// state alone handed the session over). Link's authorize URL is Finlink's begin page, whose single-use ticket
// sets a binding cookie; the completion needs that cookie or the session's own token.

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ workers: false, now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());
beforeEach(() => {
  offsetMs = 0;
});

const NO_COOKIE = { Cookie: "" };
const reasonOf = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  return ((await res.json()) as { reason?: string }).reason;
};
const unknownState = async (res: Response) => expect(await reasonOf(res, 404)).toBe("REDIRECT_STATE_UNKNOWN");

/** Opens Link, starts a redirect and approves at the bank (the begin page's cookie in the jar). */
async function approved() {
  const link = await openLink(ctx);
  const started = await startRedirect(link);
  return { link, started, back: await answerAtBank(ctx, started.authorizeUrl, { action: "approve" }) };
}

describe("the start's authorizeUrl", () => {
  it("is Finlink's begin page with a 256-bit ticket, stored as its hash only", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe("http://127.0.0.1:4010/link/redirect/begin");
    const ticket = url.searchParams.get("ticket") ?? "";
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await authenticateSession(ctx.services, link.sessionToken);
    expect(row.redirectTicketHash).toBe(sha256(ticket));
    expect(JSON.stringify(row)).not.toContain(ticket);
  });
});

describe("GET /link/redirect/begin", () => {
  it("303s to the bank with the binding cookie: HttpOnly, Lax, the completion's path, the redirect's life", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const res = await beginRequest(ctx, authorizeUrl);
    expect(res.status).toBe(303);
    const bank = new URL(res.headers.get("Location") ?? "");
    expect(`${bank.origin}${bank.pathname}`).toBe("http://127.0.0.1:4010/sandbox/oauth/authorize");
    const state = bank.searchParams.get("state") ?? "";
    expect(bank.searchParams.get("code_challenge_method")).toBe("S256");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    const [pair, ...attributes] = cookie.split("; ");
    const [name, value] = (pair ?? "").split("=");
    expect(name).toBe(`finlink_rd_${sha256(state).slice(0, 16)}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/api/v1/link/redirect"]));
    expect(attributes).not.toContain("Secure");
    const maxAge = Number(attributes.find((a) => a.startsWith("Max-Age="))?.slice(8));
    expect(maxAge).toBeGreaterThan(595);
    expect(maxAge).toBeLessThanOrEqual(600);
    const row = await authenticateSession(ctx.services, link.sessionToken);
    expect(row.redirectBindingHash).toBe(sha256(value ?? ""));
    expect(row.redirectTicketHash).toBeNull();
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    // The popup Link opens from an iframe must keep window.opener (9a55509).
    expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("unsafe-none");
  });

  it("marks the cookie Secure when Finlink's public origin is https", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const original = ctx.services.config.publicUrl;
    ctx.services.config.publicUrl = "https://finlink.example";
    try {
      const res = await beginRequest(ctx, authorizeUrl);
      expect(res.status).toBe(303);
      expect((res.headers.get("Set-Cookie") ?? "").split("; ")).toContain("Secure");
    } finally {
      ctx.services.config.publicUrl = original;
    }
  });

  it("takes a ticket once; a used, unknown, replaced or expired one is a 400 page, never a redirect", async () => {
    const expectPage = async (res: Response) => {
      expect(res.status).toBe(400);
      expect(res.headers.get("Location")).toBeNull();
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect(res.headers.get("Content-Type")).toContain("text/html");
      expect(await res.text()).toContain('<html lang="en">');
    };
    const link = await openLink(ctx);
    const first = await startRedirect(link);
    expect((await beginRequest(ctx, first.authorizeUrl)).status).toBe(303);
    await expectPage(await beginRequest(ctx, first.authorizeUrl));
    await expectPage(await beginRequest(ctx, "http://127.0.0.1:4010/link/redirect/begin?ticket=nope"));
    await expectPage(await beginRequest(ctx, "http://127.0.0.1:4010/link/redirect/begin"));
    const replaced = await startRedirect(link);
    const newest = await startRedirect(link);
    await expectPage(await beginRequest(ctx, replaced.authorizeUrl));
    offsetMs = 10 * 60_000 + 1_000;
    await expectPage(await beginRequest(ctx, newest.authorizeUrl));
    offsetMs = 10 * 60_000 - 5_000;
    expect((await beginRequest(ctx, newest.authorizeUrl)).status).toBe(303);
  });
});

describe("POST /link/redirect/complete needs the browser that began", () => {
  it("a leaked return URL from another browser (no cookie, no token) is 404, and the rightful one completes after", async () => {
    const { back } = await approved();
    await unknownState(await completeRedirect(ctx, back, NO_COOKIE));
    await unknownState(await completeRedirect(ctx, back, { Cookie: "finlink_rd_0000000000000000=guess" }));
    const res = await completeRedirect(ctx, back);
    expect(res.status).toBe(200);
    expect(((await res.json()) as CompleteRedirectResponse).result.step).toBe("AUTHENTICATED");
    // The binding did its work: the browser is told to forget it.
    const cleared = res.headers.get("Set-Cookie") ?? "";
    expect(cleared).toMatch(/^finlink_rd_[0-9a-f]{16}=;/);
    expect(cleared).toContain("Max-Age=0");
    expect(cleared).toContain("Path=/api/v1/link/redirect");
  });

  it("a forged denial with the state alone is 404: the session untouched, the user's token still valid", async () => {
    const link = await openLink(ctx);
    const { authorizeUrl } = await startRedirect(link);
    const { state } = await beginAt(ctx, authorizeUrl);
    const forged = `http://127.0.0.1:4010/link/return?error=access_denied&state=${state}`;
    await unknownState(await completeRedirect(ctx, forged, NO_COOKIE));
    const read = await link.call("GET", "session");
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ step: "ENTITY" });
    const row = await authenticateSession(ctx.services, link.sessionToken);
    expect(row.signInDenied).toBe(false);
    expect(row.redirectStateHash).toBe(sha256(state));
  });

  it("the session swap is refused: the attacker's return URL with the victim's cookie or the victim's token", async () => {
    const attacker = await approved();
    const victim = await openLink(ctx);
    const { setCookie } = await beginAt(ctx, (await startRedirect(victim)).authorizeUrl);
    const [victimName, victimValue] = (setCookie.split(";")[0] ?? "").split("=");
    const attackerState = new URL(attacker.back).searchParams.get("state") ?? "";
    const attackerName = `finlink_rd_${sha256(attackerState).slice(0, 16)}`;
    const swaps: Record<string, string>[] = [
      { Cookie: `${victimName}=${victimValue}` },
      { Cookie: `${attackerName}=${victimValue}` },
      { Cookie: "", "X-Link-Session": victim.sessionToken },
    ];
    for (const headers of swaps) {
      await unknownState(await completeRedirect(ctx, attacker.back, headers));
    }
    expect((await victim.call("GET", "session")).status).toBe(200);
    // None of those spent the attacker's state (nothing there to burn a victim's either).
    expect((await completeRedirect(ctx, attacker.back)).status).toBe(200);
  });

  it("the session's own token is proof (the iframe completing what its popup handed back), without the cookie", async () => {
    const { link, back } = await approved();
    const res = await completeRedirect(ctx, back, { Cookie: "", "X-Link-Session": link.sessionToken });
    expect(res.status).toBe(200);
    expect(((await res.json()) as CompleteRedirectResponse).result.step).toBe("AUTHENTICATED");
  });

  it("a cookie is proof only for its own redirect: a newer start's return needs the newer cookie", async () => {
    const link = await openLink(ctx);
    const older = await beginAt(ctx, (await startRedirect(link)).authorizeUrl);
    const { authorizeUrl } = await startRedirect(link);
    const back = await answerAtBank(ctx, authorizeUrl, { action: "approve" });
    await unknownState(await completeRedirect(ctx, back, { Cookie: older.cookie }));
    expect((await completeRedirect(ctx, back)).status).toBe(200);
  });

  it("refuses a cross-site call (Sec-Fetch-Site, Origin) before looking at the state", async () => {
    const { back } = await approved();
    const crossSite: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
    ];
    for (const headers of crossSite) {
      expect(await reasonOf(await completeRedirect(ctx, back, headers), 403)).toBe("CROSS_SITE_REFUSED");
    }
    const res = await completeRedirect(ctx, back, { "Sec-Fetch-Site": "same-origin", Origin: "http://127.0.0.1:4010" });
    expect(res.status).toBe(200);
  });

  it("accepts Link's own origin when Link is served apart (LINK_URL: the Vite dev server proxying the API)", async () => {
    const { back } = await approved();
    const original = ctx.services.config.linkUrl;
    ctx.services.config.linkUrl = "http://localhost:5173/link";
    try {
      const dev = { "Sec-Fetch-Site": "same-origin", Origin: "http://localhost:5173" };
      expect(await reasonOf(await completeRedirect(ctx, back, { Origin: "http://localhost:5174" }), 403)).toBe(
        "CROSS_SITE_REFUSED",
      );
      expect((await completeRedirect(ctx, back, dev)).status).toBe(200);
    } finally {
      ctx.services.config.linkUrl = original;
    }
  });

  it("answers a return that loses the race to another the same 404 as any unusable state (not 409)", async () => {
    const { link, back } = await approved();
    const { id } = await authenticateSession(ctx.services, link.sessionToken);
    await ctx.services.database.db
      .update(linkSessions)
      .set({ step: "SIGNING_IN:ENTITY:someone", updatedAt: new Date() })
      .where(eq(linkSessions.id, id));
    await unknownState(await completeRedirect(ctx, back));
  });

  it("refuses a return URL with a userinfo part (400 INVALID_REDIRECT)", async () => {
    const { back } = await approved();
    const url = new URL(back);
    url.username = "someone";
    expect(await reasonOf(await completeRedirect(ctx, url.toString()), 400)).toBe("INVALID_REDIRECT");
    expect((await completeRedirect(ctx, back)).status).toBe(200);
  });
});

describe("redirect starts per session", () => {
  it(`takes ${MAX_REDIRECT_STARTS}, then 429 REDIRECT_STARTS_EXCEEDED`, async () => {
    const link = await openLink(ctx);
    for (let i = 0; i < MAX_REDIRECT_STARTS; i++) await startRedirect(link);
    const refused = await link.call("POST", "session/redirect", { entity: OAUTH_ENTITY });
    expect(await reasonOf(refused, 429)).toBe("REDIRECT_STARTS_EXCEEDED");
    // Another session starts as usual.
    expect((await signInByRedirect(ctx)).completed.result.step).toBe("AUTHENTICATED");
  });
});
