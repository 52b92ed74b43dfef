import type { Challenge, LinkSession, LinkSignInResponse } from "@finlink/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_MFA_ATTEMPTS, MAX_OTP_RESENDS } from "../../connectors/sandbox";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type LinkClient, openLink, submitCredentials } from "./link.testing";
import { MAX_FAILED_ATTEMPTS } from "./link-session";

// "Send another code" and "use another method" through the Link API: offered ones pass, others are refused
// with a reason, and neither gives back a guess.

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());
afterEach(() => ctx.resetLimits());

const mfa = (link: LinkClient, challengeId: string, answer: unknown) =>
  link.call("POST", "session/mfa", { challengeId, answer });
async function next(res: Response): Promise<Challenge> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as LinkSignInResponse;
  if (body.step !== "MFA") throw new Error(`expected a challenge, got ${body.step}`);
  return body.challenge;
}
async function otp(res: Response) {
  const challenge = await next(res);
  if (challenge.type !== "OTP") throw new Error(`expected OTP, got ${challenge.type}`);
  return challenge;
}
const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  return (await res.json()) as { reason: string; step?: string; remainingAttempts?: number };
};
const session = async (link: LinkClient) => (await (await link.call("GET", "session")).json()) as LinkSession;
const wrongCode = (link: LinkClient, id: string) => mfa(link, id, { type: "OTP", code: "000000" });

describe("send another code", () => {
  it("gives a new challenge to the same place; the old one goes stale; the code still passes", async () => {
    const link = await openLink(ctx);
    const first = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    expect(first).toMatchObject({
      sentTo: { en: expect.stringMatching(/^SMS to ••••\s\d{4}$/), es: expect.stringMatching(/^SMS al ••••\s\d{4}$/) },
      attemptsLeft: MAX_MFA_ATTEMPTS,
      canResend: true,
      alternatives: ["APP"],
    });
    const again = await otp(await mfa(link, first.id, { type: "RESEND" }));
    expect(again.id).not.toBe(first.id);
    expect(again.sentTo).toEqual(first.sentTo);
    expect((await session(link)).challenge).toEqual(again);
    expect(await problem(await mfa(link, first.id, { type: "OTP", code: "123456" }), 409)).toMatchObject({
      reason: "STALE_CHALLENGE",
    });
    const done = await mfa(link, again.id, { type: "OTP", code: "123456" });
    expect(await done.json()).toEqual({ step: "AUTHENTICATED" });
  });

  it(`is refused with RESEND_NOT_ALLOWED after ${MAX_OTP_RESENDS} resends, counting nothing`, async () => {
    const link = await openLink(ctx);
    let challenge = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    for (let i = 0; i < MAX_OTP_RESENDS; i++) challenge = await otp(await mfa(link, challenge.id, { type: "RESEND" }));
    expect(challenge.canResend).toBe(false);
    expect(await problem(await mfa(link, challenge.id, { type: "RESEND" }), 409)).toMatchObject({
      reason: "RESEND_NOT_ALLOWED",
    });
    expect(await session(link)).toMatchObject({ step: "MFA", challenge: { id: challenge.id, attemptsLeft: 3 } });
  });

  it("does not reset the wrong-code count: the entity's limit still ends the sign-in", async () => {
    const link = await openLink(ctx);
    let challenge = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    for (let left = MAX_MFA_ATTEMPTS - 1; left > 0; left--) {
      const wrong = await problem(await wrongCode(link, challenge.id), 400);
      expect(wrong).toMatchObject({ reason: "INVALID_MFA", step: "MFA", remainingAttempts: left });
      expect((await session(link)).challenge).toMatchObject({ attemptsLeft: left });
      challenge = await otp(await mfa(link, challenge.id, { type: "RESEND" }));
      expect(challenge.attemptsLeft).toBe(left);
    }
    expect(await problem(await wrongCode(link, challenge.id), 400)).toMatchObject({ step: "CREDENTIALS" });
    // The session remembers the guesses: signing in again shows only what its own limit leaves.
    const fresh = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    expect(fresh.attemptsLeft).toBe(MAX_FAILED_ATTEMPTS - MAX_MFA_ATTEMPTS);
  });
});

describe("use another method", () => {
  it("switches user_otp to app approval", async () => {
    const link = await openLink(ctx);
    const code = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    const app = await next(await mfa(link, code.id, { type: "SWITCH", method: "APP" }));
    expect(app.type).toBe("APP");
    offsetMs += 4_000;
    expect(await (await mfa(link, app.id, { type: "POLL" })).json()).toEqual({ step: "AUTHENTICATED" });
  });

  it("takes user_device from the code back to the device list, and the code then names the new device", async () => {
    const link = await openLink(ctx);
    const list = await next(await submitCredentials(link, "sandbox_bank", "user_device"));
    if (list.type !== "DEVICE") throw new Error("expected the device list");
    const iphone = await otp(await mfa(link, list.id, { type: "DEVICE", deviceId: "iphone" }));
    expect(iphone.sentTo).toEqual(list.devices.find((d) => d.id === "iphone")?.name);
    const again = await next(await mfa(link, iphone.id, { type: "SWITCH", method: "DEVICE" }));
    const email = await otp(await mfa(link, again.id, { type: "DEVICE", deviceId: "email" }));
    expect(email.sentTo?.en).toMatch(/^Email to .•••@example\.com$/);
  });

  it("refuses a method the challenge does not offer, or any switch from a challenge without alternatives", async () => {
    const link = await openLink(ctx);
    const code = await otp(await submitCredentials(link, "sandbox_bank", "user_otp"));
    expect(await problem(await mfa(link, code.id, { type: "SWITCH", method: "QUESTION" }), 409)).toMatchObject({
      reason: "SWITCH_NOT_ALLOWED",
    });
    const other = await openLink(ctx);
    const list = await next(await submitCredentials(other, "sandbox_bank", "user_device"));
    expect(await problem(await mfa(other, list.id, { type: "RESEND" }), 409)).toMatchObject({
      reason: "RESEND_NOT_ALLOWED",
    });
    expect(await problem(await mfa(other, list.id, { type: "SWITCH", method: "OTP" }), 409)).toMatchObject({
      reason: "SWITCH_NOT_ALLOWED",
    });
    expect((await session(link)).challenge).toMatchObject({ id: code.id, attemptsLeft: MAX_MFA_ATTEMPTS });
  });
});
