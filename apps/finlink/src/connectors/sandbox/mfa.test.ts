import { describe, expect, it } from "vitest";
import type { ChallengeAnswer, Connector, LoginStep } from "../connector";
import { createSandboxConnector, MAX_MFA_ATTEMPTS } from "./index";
import { answerStep, loginAs, TEST_NOW as NOW } from "./test-support";

const connector = createSandboxConnector({ timeScale: 0 });
const login = (entityId: string, username: string) => loginAs(connector, entityId, username);
const answer = (entityId: string, step: LoginStep, given: ChallengeAnswer, now = NOW, sandbox: Connector = connector) =>
  answerStep(sandbox, entityId, step, given, now);
const after = (ms: number) => new Date(NOW.getTime() + ms);

describe("one-time code", () => {
  it("passes with 123456 and reports the second factor", async () => {
    const step = await login("sandbox_bank", "user_otp");
    expect(await answer("sandbox_bank", step, { type: "OTP", code: "123456" })).toMatchObject({
      kind: "ok",
      twoFactor: true,
    });
  });

  it("refuses a wrong code but keeps the challenge, so the right code still passes", async () => {
    const step = await login("sandbox_bank", "user_otp");
    const wrong = await answer("sandbox_bank", step, { type: "OTP", code: "000000" });
    expect(wrong).toMatchObject({
      kind: "error",
      error: { reason: "INVALID_MFA", type: "USER_ERROR", retryable: true },
    });
    expect(wrong.state).toBeDefined();
    expect(await answer("sandbox_bank", wrong, { type: "OTP", code: "123456" })).toMatchObject({ kind: "ok" });
  });

  it(`ends the sign-in after ${MAX_MFA_ATTEMPTS} wrong codes`, async () => {
    let step = await login("sandbox_bank", "user_otp");
    for (let i = 1; i < MAX_MFA_ATTEMPTS; i++) {
      step = await answer("sandbox_bank", step, { type: "OTP", code: "111111" });
      expect(step.state).toBeDefined();
    }
    const last = await answer("sandbox_bank", step, { type: "OTP", code: "111111" });
    expect(last).toMatchObject({ kind: "error", error: { reason: "INVALID_MFA" } });
    expect(last.state).toBeUndefined();
  });

  it("refuses an answer of another kind", async () => {
    const step = await login("sandbox_bank", "user_otp");
    expect(await answer("sandbox_bank", step, { type: "QUESTION", answer: "123456" })).toMatchObject({
      error: { reason: "INVALID_MFA" },
    });
  });
});

describe("security question", () => {
  it.each(["blue", " Blue ", "BLUE", "azul", "Azúl"])("accepts %j", async (text) => {
    const step = await login("sandbox_bank", "user_question");
    expect(await answer("sandbox_bank", step, { type: "QUESTION", answer: text })).toMatchObject({
      kind: "ok",
      twoFactor: true,
    });
  });

  it("refuses another colour and lets the user answer again", async () => {
    const step = await login("sandbox_bank", "user_question");
    const wrong = await answer("sandbox_bank", step, { type: "QUESTION", answer: "red" });
    expect(wrong).toMatchObject({ kind: "error", error: { reason: "INVALID_MFA" } });
    expect(await answer("sandbox_bank", wrong, { type: "QUESTION", answer: "blue" })).toMatchObject({ kind: "ok" });
  });
});

describe("device choice", () => {
  it("offers two or three named devices, then asks for the code sent to the chosen one", async () => {
    const step = await login("sandbox_bank", "user_device");
    if (step.kind !== "challenge" || step.challenge.type !== "DEVICE") throw new Error("expected a DEVICE challenge");
    const { devices } = step.challenge;
    expect(devices.length).toBeGreaterThanOrEqual(2);
    expect(devices.length).toBeLessThanOrEqual(3);
    expect(devices.find((d) => d.id === "sms")?.name).toEqual({
      es: expect.stringMatching(/^SMS al ••••\s\d{4}$/),
      en: expect.stringMatching(/^SMS to ••••\s\d{4}$/),
    });
    const code = await answer("sandbox_bank", step, { type: "DEVICE", deviceId: devices[1]?.id ?? "" });
    expect(code).toMatchObject({ kind: "challenge", challenge: { type: "OTP", length: 6 } });
    expect(code.kind === "challenge" && code.challenge.id).not.toBe(step.challenge.id);
    expect(await answer("sandbox_bank", code, { type: "OTP", code: "999999" })).toMatchObject({
      error: { reason: "INVALID_MFA" },
    });
    expect(await answer("sandbox_bank", code, { type: "OTP", code: "123456" })).toMatchObject({
      kind: "ok",
      twoFactor: true,
    });
  });

  it("refuses a device it did not offer, keeping the choice open", async () => {
    const step = await login("sandbox_bank", "user_device");
    const wrong = await answer("sandbox_bank", step, { type: "DEVICE", deviceId: "fax" });
    expect(wrong).toMatchObject({ kind: "error", error: { reason: "INVALID_MFA" } });
    expect(await answer("sandbox_bank", wrong, { type: "DEVICE", deviceId: "sms" })).toMatchObject({
      kind: "challenge",
    });
  });
});

describe("app approval", () => {
  it("waits until the approval delay has passed, then signs in", async () => {
    const step = await login("sandbox_bank", "user_app");
    const early = await answer("sandbox_bank", step, { type: "POLL" }, after(2_999));
    expect(early).toEqual({
      kind: "challenge",
      challenge: step.kind === "challenge" && step.challenge,
      state: early.state,
    });
    expect(await answer("sandbox_bank", early, { type: "POLL" }, after(3_000))).toMatchObject({
      kind: "ok",
      twoFactor: true,
    });
  });

  it("expires with MFA_TIMEOUT when polled after the timeout", async () => {
    const step = await login("sandbox_bank", "user_app");
    expect(await answer("sandbox_bank", step, { type: "POLL" }, after(120_000))).toEqual({
      kind: "error",
      error: { reason: "MFA_TIMEOUT", type: "USER_ERROR", retryable: true },
    });
  });

  it("follows the configured delay and timeout", async () => {
    const quick = createSandboxConnector({ timeScale: 0, approvalDelayMs: 10, approvalTimeoutMs: 50 });
    const step = await quick.login({
      entityId: "sandbox_bank_app",
      credentials: { username: "user_good", password: "pass_good" },
      now: NOW,
    });
    expect(step).toMatchObject({ challenge: { type: "APP", expiresAt: "2026-03-15T10:00:00.050Z" } });
    expect(await answer("sandbox_bank_app", step, { type: "POLL" }, after(9), quick)).toMatchObject({
      kind: "challenge",
    });
    expect(await answer("sandbox_bank_app", step, { type: "POLL" }, after(10), quick)).toMatchObject({ kind: "ok" });
    expect(await answer("sandbox_bank_app", step, { type: "POLL" }, after(50), quick)).toMatchObject({
      error: { reason: "MFA_TIMEOUT" },
    });
  });

  it("refuses a code while an app approval is pending", async () => {
    const step = await login("sandbox_bank", "user_app");
    expect(await answer("sandbox_bank", step, { type: "OTP", code: "123456" }, after(5_000))).toMatchObject({
      error: { reason: "INVALID_MFA" },
    });
  });
});

describe("sign-in state", () => {
  it.each([
    ["no state", undefined],
    ["a foreign object", { hello: "world" }],
    ["a string", "state"],
  ])("refuses an answer with %s", async (_, state) => {
    const step = await connector.answer({ entityId: "sandbox_bank", state, answer: { type: "POLL" }, now: NOW });
    expect(step).toMatchObject({ kind: "error", error: { reason: "INTERNAL_SERVER_ERROR" } });
  });

  it("refuses a state issued for another entity", async () => {
    const step = await login("sandbox_bank", "user_otp");
    expect(await answer("sandbox_broker", step, { type: "OTP", code: "123456" })).toMatchObject({ kind: "error" });
  });
});
