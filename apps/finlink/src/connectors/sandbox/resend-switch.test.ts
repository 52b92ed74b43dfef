import { describe, expect, it } from "vitest";
import type { Challenge, ChallengeAnswer, LoginStep } from "../connector";
import { createSandboxConnector, MAX_MFA_ATTEMPTS, MAX_OTP_RESENDS } from "./index";
import { answerStep, loginAs, TEST_NOW as NOW } from "./test-support";

// "Send another code" and "use another method", as the sandbox's bank offers them.

const connector = createSandboxConnector({ timeScale: 0, approvalDelayMs: 3_000 });
const login = (username: string) => loginAs(connector, "sandbox_bank", username);
const answer = (step: LoginStep, given: ChallengeAnswer, now = NOW) =>
  answerStep(connector, "sandbox_bank", step, given, now);

function challengeOf(step: LoginStep): Challenge {
  if (step.kind !== "challenge") throw new Error(`expected a challenge, got ${JSON.stringify(step)}`);
  return step.challenge;
}
function otpOf(step: LoginStep) {
  const challenge = challengeOf(step);
  if (challenge.type !== "OTP") throw new Error(`expected an OTP challenge, got ${challenge.type}`);
  return challenge;
}

describe("user_otp's code", () => {
  it("says it went by SMS to a masked number, in both languages, and offers a resend and app approval", async () => {
    const otp = otpOf(await login("user_otp"));
    expect(otp.sentTo).toEqual({
      es: expect.stringMatching(/^SMS al ••••\s\d{4}$/),
      en: expect.stringMatching(/^SMS to ••••\s\d{4}$/),
    });
    expect(otp).toMatchObject({ attemptsLeft: MAX_MFA_ATTEMPTS, canResend: true, alternatives: ["APP"] });
  });

  it(`resends with a new challenge id to the same place, ${MAX_OTP_RESENDS} times, then offers no more`, async () => {
    const first = await login("user_otp");
    let step = first;
    for (let i = 1; i <= MAX_OTP_RESENDS; i++) {
      const before = otpOf(step);
      step = await answer(step, { type: "RESEND" });
      const after = otpOf(step);
      expect(after.id).not.toBe(before.id);
      expect(after.sentTo).toEqual(otpOf(first).sentTo);
      expect(after.canResend).toBe(i < MAX_OTP_RESENDS);
    }
    // Asked anyway (the server refuses first): nothing changes, the same code still passes.
    const refused = await answer(step, { type: "RESEND" });
    expect(challengeOf(refused).id).toBe(otpOf(step).id);
    expect(await answer(refused, { type: "OTP", code: "123456" })).toMatchObject({ kind: "ok", twoFactor: true });
  });

  it("keeps counting wrong codes across resends: a new code buys no new guesses", async () => {
    let step = await login("user_otp");
    for (let i = 1; i < MAX_MFA_ATTEMPTS; i++) {
      step = await answer(step, { type: "OTP", code: "000000" });
      expect(step).toMatchObject({ kind: "error", challenge: { attemptsLeft: MAX_MFA_ATTEMPTS - i } });
      step = await answer(step, { type: "RESEND" });
      expect(otpOf(step).attemptsLeft).toBe(MAX_MFA_ATTEMPTS - i);
    }
    const last = await answer(step, { type: "OTP", code: "000000" });
    expect(last).toMatchObject({ kind: "error", error: { reason: "INVALID_MFA" } });
    expect(last.state).toBeUndefined();
  });

  it("switches to app approval, which approves itself after the delay counted from the switch", async () => {
    const step = await login("user_otp");
    const app = await answer(step, { type: "SWITCH", method: "APP" }, new Date(NOW.getTime() + 10_000));
    expect(challengeOf(app).type).toBe("APP");
    expect(challengeOf(await answer(app, { type: "POLL" }, new Date(NOW.getTime() + 12_999))).type).toBe("APP");
    expect(await answer(app, { type: "POLL" }, new Date(NOW.getTime() + 13_000))).toMatchObject({ kind: "ok" });
  });

  it("does not switch to a method it did not offer", async () => {
    const step = await login("user_otp");
    const same = await answer(step, { type: "SWITCH", method: "QUESTION" });
    expect(challengeOf(same).id).toBe(otpOf(step).id);
  });
});

describe("user_device", () => {
  it("names devices in both languages; the code screen says the chosen device, and may go back to the list", async () => {
    const list = challengeOf(await login("user_device"));
    if (list.type !== "DEVICE") throw new Error("expected the device list");
    const iphone = list.devices.find((d) => d.id === "iphone");
    expect(iphone?.name.es).toMatch(/^iPhone de \p{L}+$/u);
    expect(iphone?.name.en).toMatch(/^\p{L}+'s iPhone$/u);
    const chosen = await answer(await login("user_device"), { type: "DEVICE", deviceId: "iphone" });
    expect(otpOf(chosen)).toMatchObject({ sentTo: iphone?.name, canResend: true, alternatives: ["DEVICE"] });
    const back = await answer(chosen, { type: "SWITCH", method: "DEVICE" });
    expect(challengeOf(back)).toMatchObject({ type: "DEVICE", devices: list.devices });
    const sms = await answer(back, { type: "DEVICE", deviceId: "sms" });
    expect(otpOf(sms).sentTo?.en).toMatch(/^SMS to ••••\s\d{4}$/);
    expect(await answer(sms, { type: "OTP", code: "123456" })).toMatchObject({ kind: "ok" });
  });
});
