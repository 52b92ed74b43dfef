import { describe, expect, it } from "vitest";
import {
  autoAnswer,
  createSandboxConnector,
  SANDBOX_USERNAMES,
  type SandboxUsername,
  signInAutomatically,
} from "./index";

const NOW = new Date("2026-03-15T10:00:00.000Z");
const connector = createSandboxConnector({ timeScale: 0 });

function signIn(entityId: string, username: string, password = "pass_good", sandbox = connector) {
  return signInAutomatically(sandbox, { entityId, credentials: { username, password }, now: NOW });
}

describe("autoAnswer", () => {
  it("answers each kind of challenge as a sandbox user would", () => {
    expect(
      autoAnswer({
        id: "1",
        type: "OTP",
        length: 6,
        sentTo: null,
        attemptsLeft: null,
        canResend: false,
        alternatives: [],
      }),
    ).toEqual({ type: "OTP", code: "123456" });
    expect(autoAnswer({ id: "2", type: "QUESTION", question: { es: "?", en: "?" } })).toEqual({
      type: "QUESTION",
      answer: "blue",
    });
    expect(
      autoAnswer({
        id: "3",
        type: "DEVICE",
        devices: [
          { id: "a", name: { es: "A", en: "A" } },
          { id: "b", name: { es: "B", en: "B" } },
        ],
      }),
    ).toEqual({ type: "DEVICE", deviceId: "a" });
    expect(autoAnswer({ id: "4", type: "APP", expiresAt: NOW.toISOString() })).toEqual({ type: "POLL" });
  });
});

describe("signInAutomatically", () => {
  // Every username has its line: the type makes a new user without one a compile error.
  const expected: Record<SandboxUsername, { kind: string; twoFactor?: boolean }> = {
    user_good: { kind: "ok", twoFactor: false },
    user_otp: { kind: "ok", twoFactor: true },
    user_question: { kind: "ok", twoFactor: true },
    user_device: { kind: "ok", twoFactor: true },
    user_app: { kind: "ok", twoFactor: true },
    user_locked: { kind: "error" },
    user_slow: { kind: "ok", twoFactor: false },
    user_extract_error: { kind: "ok", twoFactor: false },
    user_update_error: { kind: "ok", twoFactor: false },
    user_big: { kind: "ok", twoFactor: false },
    user_joint: { kind: "ok", twoFactor: false },
  };

  it.each(SANDBOX_USERNAMES)("takes %s through the whole sign-in", async (username) => {
    expect(await signIn("sandbox_bank", username)).toMatchObject(expected[username]);
  });

  it("approves in the app at Banco Sandbox App without waiting for real", async () => {
    const started = performance.now();
    expect(await signIn("sandbox_bank_app", "user_good")).toMatchObject({ kind: "ok", twoFactor: true });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("passes login errors through", async () => {
    expect(await signIn("sandbox_bank", "user_good", "nope")).toMatchObject({
      error: { reason: "INVALID_CREDENTIALS" },
    });
    expect(await signIn("sandbox_bank", "user_locked")).toMatchObject({ error: { reason: "ACCOUNT_LOCKED" } });
    expect(await signIn("sandbox_bank_down", "user_good")).toMatchObject({ error: { reason: "ENTITY_UNAVAILABLE" } });
  });

  it("reports MFA_TIMEOUT when the app approval would come after it expires", async () => {
    const never = createSandboxConnector({ timeScale: 0, approvalDelayMs: 60_000, approvalTimeoutMs: 30_000 });
    expect(await signIn("sandbox_bank", "user_app", "pass_good", never)).toMatchObject({
      error: { reason: "MFA_TIMEOUT" },
    });
  });
});
