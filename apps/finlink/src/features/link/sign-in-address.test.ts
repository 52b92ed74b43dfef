import type { LinkSignInResponse } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type LinkClient, openLink } from "./link.testing";
import { LINK_SESSION_HEADER } from "./link-session";

// Password spraying: a couple of guesses at each of many users stays under every per-user limit, so
// wrong passwords are also counted per client address (here behind one trusted proxy). The limit (50 in 15
// minutes) is written out, not read from its constant: changing it must fail a test.

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ trustedProxies: 1, workers: false });
});
afterAll(() => ctx?.close());

const signInFrom = (forwardedFor: string, link: LinkClient, username: string, password: string) =>
  ctx.request("POST", "/api/v1/link/session/credentials", {
    body: { entity: "sandbox_bank", credentials: { username, password } },
    headers: { [LINK_SESSION_HEADER]: link.sessionToken, "X-Forwarded-For": forwardedFor },
  });

describe("wrong passwords from one client address, across users", () => {
  it("count up to 50 (the 50th is checked, 401), refuse the 51st (forged entries left of the proxy's change nothing), not other addresses", async () => {
    let link = await openLink(ctx);
    for (let i = 1; i <= 50; i++) {
      if (i % 2 === 0) link = await openLink(ctx);
      // Each user gets one guess: no per-user or per-session limit is near.
      const res = await signInFrom(`10.9.8.${i}, 203.0.113.9`, link, `spray_${i}`, "Summer2026!");
      expect(res.status).toBe(401);
    }
    // A right password does not clear the address's count: one valid account would otherwise reset it.
    const fresh = await openLink(ctx);
    const refused = await signInFrom("203.0.113.9", fresh, "user_good", "pass_good");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ reason: "ADDRESS_THROTTLED", retryable: true });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    const forged = await signInFrom("198.51.100.1, 203.0.113.9", fresh, "user_good", "pass_good");
    expect(forged.status).toBe(429);

    expect((await signInFrom("203.0.113.10", fresh, "user_good", "pass_good")).status).toBe(200);
  });
});

describe("wrong MFA answers from one client address", () => {
  it("count toward the address's 50 with wrong passwords: 47 passwords and 3 codes, then refused", async () => {
    const address = "203.0.113.20";
    let link = await openLink(ctx);
    for (let i = 0; i < 47; i++) {
      if (i % 2 === 0) link = await openLink(ctx);
      expect((await signInFrom(address, link, `spray_mfa_${i}`, "Summer2026!")).status).toBe(401);
    }
    const otpLink = await openLink(ctx);
    const signedIn = (await (await signInFrom(address, otpLink, "user_otp", "pass_good")).json()) as LinkSignInResponse;
    if (signedIn.step !== "MFA") throw new Error(`expected a challenge, got ${signedIn.step}`);
    for (let i = 0; i < 3; i++) {
      const res = await ctx.request("POST", "/api/v1/link/session/mfa", {
        body: { challengeId: signedIn.challenge.id, answer: { type: "OTP", code: `00000${i}` } },
        headers: { [LINK_SESSION_HEADER]: otpLink.sessionToken, "X-Forwarded-For": address },
      });
      expect(res.status).toBe(400);
    }
    const refused = await signInFrom(address, await openLink(ctx), "user_good", "pass_good");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ reason: "ADDRESS_THROTTLED" });
  });
});

describe("X-Forwarded-For with no proxy trusted", () => {
  it("is ignored, and the server warns once that clients may share the proxy's address", async () => {
    const logLines: string[] = [];
    const direct = await createTestContext({ workers: false, logLines });
    try {
      for (let i = 0; i < 2; i++) {
        const link = await openLink(direct);
        const res = await direct.request("POST", "/api/v1/link/session/credentials", {
          body: { entity: "sandbox_bank", credentials: { username: "user_good", password: "pass_good" } },
          headers: { [LINK_SESSION_HEADER]: link.sessionToken, "X-Forwarded-For": "203.0.113.9" },
        });
        expect(res.status).toBe(200);
      }
      const warnings = logLines.filter((line) => line.includes("FINLINK_TRUSTED_PROXIES"));
      expect(warnings).toHaveLength(1);
    } finally {
      await direct.close();
    }
  });
});
