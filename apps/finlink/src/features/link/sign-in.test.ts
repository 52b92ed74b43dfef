import { createHash } from "node:crypto";
import type { Challenge, LinkSession, LinkSignInResponse } from "@finlink/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { answerChallenge, type LinkClient, openLink, submitCredentials } from "./link.testing";
import { entityUserKey } from "./sign-in-throttle";

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());
// Each test starts with no failed sign-ins on record (the limit across sessions would carry over).
afterEach(() => ctx.resetLimits());

const ok = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json()) as LinkSignInResponse;
};
const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  return (await res.json()) as { reason: string; retryable?: boolean; step?: string; remainingAttempts?: number };
};
/** Signs in up to the first challenge, which must be of `type`. */
const challengeOf = async (link: LinkClient, entity: string, username: string, type: Challenge["type"]) => {
  const body = await ok(await submitCredentials(link, entity, username));
  if (body.step !== "MFA") throw new Error(`expected a challenge, got ${body.step}`);
  expect(body.challenge.type).toBe(type);
  return body.challenge;
};
const mfa = (link: LinkClient, challengeId: string, answer: unknown) =>
  link.call("POST", "session/mfa", { challengeId, answer });
const stepOf = async (link: LinkClient) => ((await (await link.call("GET", "session")).json()) as LinkSession).step;

describe("sandbox users through the Link API", () => {
  it("user_good signs in without a second factor", async () => {
    const link = await openLink(ctx);
    expect(await ok(await submitCredentials(link, "sandbox_bank", "user_good"))).toEqual({ step: "AUTHENTICATED" });
    expect(await stepOf(link)).toBe("AUTHENTICATED");
  });

  it("user_otp passes with 123456 after a wrong code, and the challenge survives a reload", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_bank", "user_otp", "OTP");
    expect(((await (await link.call("GET", "session")).json()) as LinkSession).challenge).toEqual(challenge);
    const wrong = await problem(await mfa(link, challenge.id, { type: "OTP", code: "000000" }), 400);
    expect(wrong).toMatchObject({ reason: "INVALID_MFA", retryable: true, step: "MFA" });
    expect(await ok(await mfa(link, challenge.id, { type: "OTP", code: "123456" }))).toEqual({ step: "AUTHENTICATED" });
  });

  it("user_question passes with 'blue'", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_broker", "user_question", "QUESTION");
    expect(await ok(await mfa(link, challenge.id, { type: "QUESTION", answer: "Blue" }))).toEqual({
      step: "AUTHENTICATED",
    });
  });

  it("user_device picks a device, then the code; the device list's challenge goes stale", async () => {
    const link = await openLink(ctx);
    const devices = await challengeOf(link, "sandbox_bank", "user_device", "DEVICE");
    const next = await ok(await answerChallenge(link, devices));
    if (next.step !== "MFA") throw new Error("expected the code challenge");
    expect(next.challenge.type).toBe("OTP");
    expect(await problem(await answerChallenge(link, devices), 409)).toMatchObject({ reason: "STALE_CHALLENGE" });
    expect(await ok(await answerChallenge(link, next.challenge))).toEqual({ step: "AUTHENTICATED" });
  });

  it("user_app waits for the approval in the bank's app, polled until the clock passes it", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_bank", "user_app", "APP");
    expect(await ok(await mfa(link, challenge.id, { type: "POLL" }))).toEqual({ step: "MFA", challenge });
    offsetMs += 4_000;
    expect(await ok(await mfa(link, challenge.id, { type: "POLL" }))).toEqual({ step: "AUTHENTICATED" });
  });

  it("an app approval nobody gives times out, back to the credentials", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_bank_app", "user_good", "APP");
    offsetMs += 3 * 60_000;
    const timeout = await problem(await mfa(link, challenge.id, { type: "POLL" }), 400);
    expect(timeout).toMatchObject({ reason: "MFA_TIMEOUT", step: "CREDENTIALS" });
    expect(await stepOf(link)).toBe("CREDENTIALS");
  });

  it("user_locked is refused with ACCOUNT_LOCKED", async () => {
    const link = await openLink(ctx);
    const locked = await problem(await submitCredentials(link, "sandbox_bank", "user_locked"), 403);
    expect(locked).toMatchObject({ reason: "ACCOUNT_LOCKED", retryable: false, step: "CREDENTIALS" });
  });

  it("an unavailable entity answers 503 and does not use up attempts", async () => {
    const link = await openLink(ctx);
    const down = await problem(await submitCredentials(link, "sandbox_bank_down", "user_good"), 503);
    expect(down).toMatchObject({ reason: "ENTITY_UNAVAILABLE", retryable: true });
    const wrong = await problem(await submitCredentials(link, "sandbox_bank", "user_good", "nope"), 401);
    expect(wrong.remainingAttempts).toBe(4);
  });
});

describe("failed attempts", () => {
  it("count down on wrong passwords, and the right one still signs in", async () => {
    const link = await openLink(ctx);
    for (const remaining of [4, 3]) {
      const wrong = await problem(await submitCredentials(link, "sandbox_bank", "user_good", "pass_bad"), 401);
      expect(wrong).toMatchObject({ reason: "INVALID_CREDENTIALS", retryable: true, remainingAttempts: remaining });
    }
    expect(await ok(await submitCredentials(link, "sandbox_bank", "user_good"))).toEqual({ step: "AUTHENTICATED" });
  });

  it("lock the session after 5 failures, even for the right password", async () => {
    const link = await openLink(ctx);
    for (let i = 0; i < 5; i++) await submitCredentials(link, "sandbox_bank", "user_good", `wrong${i}`);
    expect(await stepOf(link)).toBe("LOCKED");
    const locked = await problem(await submitCredentials(link, "sandbox_bank", "user_good"), 429);
    expect(locked.reason).toBe("TOO_MANY_ATTEMPTS");
  });

  it("three wrong codes end the sign-in: back to the credentials", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_bank", "user_otp", "OTP");
    for (const step of ["MFA", "MFA", "CREDENTIALS"]) {
      const wrong = await problem(await mfa(link, challenge.id, { type: "OTP", code: "111111" }), 400);
      expect(wrong).toMatchObject({ reason: "INVALID_MFA", step });
    }
    expect(await problem(await answerChallenge(link, challenge), 409)).toMatchObject({ reason: "STALE_CHALLENGE" });
  });
});

describe("wrong passwords for one entity user, across sessions", () => {
  const ENTITY = "sandbox_bank_app";
  const wrongIn = async (link: LinkClient, username: string, i: number) => {
    const res = await submitCredentials(link, ENTITY, username, `wrong${i}`);
    return problem(res, 401);
  };
  /** `count` wrong passwords for `username`, two per session: no session reaches its own limit of 5. */
  const wrongPasswords = async (username: string, count: number) => {
    let link = await openLink(ctx);
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) link = await openLink(ctx);
      await wrongIn(link, username, i);
    }
  };

  it("refuse that user in every session after 10 in 15 minutes (not other users), until the window ends", async () => {
    for (let i = 0; i < 10; i += 2) {
      const link = await openLink(ctx);
      await wrongIn(link, "user_good", i);
      // Spelled otherwise, it is the same user: the key is normalised (case, spaces).
      await wrongIn(link, " USER_Good ", i + 1);
    }
    const fresh = await openLink(ctx);
    const res = await submitCredentials(fresh, ENTITY, "user_good");
    const throttled = await problem(res, 429);
    expect(throttled).toMatchObject({ reason: "SIGN_IN_THROTTLED", retryable: true });
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Refused before the entity is asked: the session keeps its attempts; other users sign in.
    expect(await stepOf(fresh)).toBe("ENTITY");
    expect((await submitCredentials(fresh, ENTITY, "user_otp")).status).toBe(200);
    expect((await submitCredentials(await openLink(ctx), "sandbox_bank", "user_good")).status).toBe(200);

    offsetMs += 15 * 60_000 + 1_000;
    expect((await submitCredentials(await openLink(ctx), ENTITY, "user_good")).status).toBe(200);
  });

  it("cannot be outrun by parallel sessions: 20 wrong passwords at once, 10 reach the entity", async () => {
    const links = await Promise.all(Array.from({ length: 20 }, () => openLink(ctx)));
    const responses = await Promise.all(links.map((link, i) => submitCredentials(link, ENTITY, "user_good", `w${i}`)));
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it("tell the attempts left as the fewer of the session's and the user's", async () => {
    await wrongPasswords("user_good", 8);
    const link = await openLink(ctx);
    expect(await wrongIn(link, "user_good", 99)).toMatchObject({ remainingAttempts: 1 });
  });

  it("count the right password as no guess, and do not forget earlier ones for it", async () => {
    await wrongPasswords("user_good", 9);
    expect((await submitCredentials(await openLink(ctx), ENTITY, "user_good")).status).toBe(200);
    expect((await submitCredentials(await openLink(ctx), ENTITY, "user_good")).status).toBe(200);
    await wrongIn(await openLink(ctx), "user_good", 10);
    expect((await problem(await submitCredentials(await openLink(ctx), ENTITY, "user_good"), 429)).reason).toBe(
      "SIGN_IN_THROTTLED",
    );
  });

  it("keys users by the entity and the normalised name, and stores only an HMAC of it (no name, no address)", async () => {
    const entity = ctx.services.connectors.find("sandbox_bank")?.entity;
    if (!entity) throw new Error("sandbox_bank is missing");
    const key = entityUserKey(entity, { username: "12.345.678-Z", password: "pass_good" });
    expect(key).toBe(entityUserKey(entity, { username: " １２345678z", password: "other" }));
    expect(key).not.toBe(entityUserKey(entity, { username: "12345679Z", password: "pass_good" }));
    await problem(await submitCredentials(await openLink(ctx), ENTITY, "12.345.678-Z", "pass_wrong"), 401);
    const { rows } = await ctx.services.database.sql.query<{ limiter: string; key: string }>(
      "select limiter, key from rate_limit_hits order by limiter",
    );
    expect(rows.map((r) => r.limiter)).toContain("link-sign-in-user");
    for (const row of rows) {
      expect(row.key).toMatch(/^[\w-]{43}$/);
      expect(row.key).not.toBe(
        createHash("sha256")
          .update(JSON.stringify(["sandbox_bank", "12345678z"]))
          .digest("base64url"),
      );
    }
  });
});

describe("wrong MFA answers for one entity user, across sessions", () => {
  const code = (link: LinkClient, challenge: Challenge, value: string) =>
    mfa(link, challenge.id, { type: "OTP", code: value });

  it("count toward the user's limit like wrong passwords: the 10th over 4 sessions is answered, the 11th and even the right code get 429", async () => {
    for (let session = 0; session < 3; session++) {
      const link = await openLink(ctx);
      const challenge = await challengeOf(link, "sandbox_bank", "user_otp", "OTP");
      // The sandbox entity ends a sign-in after 3 wrong codes: the session is left with 2 attempts.
      for (let i = 0; i < 3; i++) await problem(await code(link, challenge, `00000${i}`), 400);
    }
    const link = await openLink(ctx);
    const challenge = await challengeOf(link, "sandbox_bank", "user_otp", "OTP");
    expect(await problem(await code(link, challenge, "000009"), 400)).toMatchObject({ reason: "INVALID_MFA" });
    const refused = await code(link, challenge, "000010");
    expect(await problem(refused, 429)).toMatchObject({ reason: "SIGN_IN_THROTTLED", retryable: true });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    expect((await problem(await code(link, challenge, "123456"), 429)).reason).toBe("SIGN_IN_THROTTLED");
    // Refused before the entity is asked: the session still waits at the same challenge.
    expect(await stepOf(link)).toBe("MFA");

    // Other users, at this entity or the same name at another, are not affected.
    expect(await ok(await submitCredentials(await openLink(ctx), "sandbox_bank", "user_good"))).toEqual({
      step: "AUTHENTICATED",
    });
    const elsewhere = await openLink(ctx);
    const theirs = await challengeOf(elsewhere, "sandbox_bank_app", "user_otp", "OTP");
    expect(await ok(await code(elsewhere, theirs, "123456"))).toEqual({ step: "AUTHENTICATED" });
  });
});

describe("what the credentials screen accepts", () => {
  it("exactly the entity's fields, an entity offering the product, and an MFA answer only when asked", async () => {
    const link = await openLink(ctx);
    const call = (entity: string, credentials: Record<string, string>) =>
      link.call("POST", "session/credentials", { entity, credentials });
    const missing = await problem(await call("sandbox_bank", { username: "user_good" }), 400);
    expect(missing.reason).toBe("VALIDATION_ERROR");
    const extra = await call("sandbox_bank", { username: "user_good", password: "pass_good", pin: "1" });
    expect((await problem(extra, 400)).reason).toBe("VALIDATION_ERROR");
    expect((await problem(await call("no_bank", { username: "u" }), 404)).reason).toBe("UNKNOWN_ENTITY");
    const investments = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, product: "INVESTMENTS" });
    const bank = await problem(await submitCredentials(investments, "sandbox_bank", "user_good"), 400);
    expect(bank.reason).toBe("UNSUPPORTED_PRODUCT");
    expect((await problem(await mfa(link, "ch_none", { type: "POLL" }), 409)).reason).toBe("STALE_CHALLENGE");
  });
});
