import { describe, expect, it } from "vitest";
import { bank, otpChallenge, problem } from "../testing/fixtures";
import { credentialsView, exitReasonOf, stepOf, type View, viewAfterError, viewKey } from "./flow-state";

const credentials = credentialsView(bank);
const otp: View = { screen: "MFA", entity: bank, challenge: otpChallenge(), error: null };

describe("exitReasonOf", () => {
  it("is the error an error screen shows when the app should hear it, USER_EXIT otherwise", () => {
    const errorView = (reason: string): View => ({
      screen: "ERROR",
      entity: bank,
      error: problem(403, reason),
      step: "CREDENTIALS",
      retry: null,
    });
    expect(exitReasonOf(errorView("ACCOUNT_LOCKED"))).toBe("ACCOUNT_LOCKED");
    expect(exitReasonOf(errorView("ENTITY_UNAVAILABLE"))).toBe("ENTITY_UNAVAILABLE");
    expect(exitReasonOf(errorView("NETWORK_ERROR"))).toBe("USER_EXIT");
    expect(exitReasonOf(errorView("toString"))).toBe("USER_EXIT");
    expect(exitReasonOf(credentials)).toBe("USER_EXIT");
  });
});

describe("viewKey", () => {
  it("is a new screen for each challenge, but the same one for a code sent again", () => {
    const next: View = { ...otp, challenge: otpChallenge({ id: "ch_2" }) };
    expect(viewKey(next)).not.toBe(viewKey(otp));
    expect(viewKey({ ...next, resent: { at: 0, screen: "ch_1" } })).toBe(viewKey(otp));
  });
});

describe("viewAfterError", () => {
  it("keeps the form for a wrong password, a wrong code and a lost request", () => {
    const wrong = problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 2, step: "CREDENTIALS" });
    expect(viewAfterError(credentials, wrong, "SIGN_IN")).toEqual({ ...credentials, error: wrong });
    const wrongCode = problem(400, "INVALID_MFA", { step: "MFA" });
    expect(viewAfterError(otp, wrongCode, "SIGN_IN")).toEqual({ ...otp, error: wrongCode });
    const noMore = problem(409, "RESEND_NOT_ALLOWED");
    expect(viewAfterError(otp, noMore, "SIGN_IN")).toEqual({ ...otp, error: noMore });
    const offline = problem(0, "NETWORK_ERROR");
    expect(viewAfterError(otp, offline, "SIGN_IN")).toEqual({ ...otp, error: offline });
    const throttled = problem(429, "SIGN_IN_THROTTLED", { retryAfter: 600, retryable: true });
    expect(viewAfterError(credentials, throttled, "SIGN_IN")).toEqual({ ...credentials, error: throttled });
    const network = problem(429, "ADDRESS_THROTTLED", { retryAfter: 600, retryable: true });
    expect(viewAfterError(credentials, network, "SIGN_IN")).toEqual({ ...credentials, error: network });
  });

  it("shows Too many attempts as soon as the fifth wrong password locks the session", () => {
    const fifth = problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 0, step: "LOCKED", retryable: true });
    const view = viewAfterError(credentials, fifth, "SIGN_IN");
    expect(view).toMatchObject({ screen: "ERROR", step: "LOCKED", retry: null });
    expect(view.screen === "ERROR" && view.error).toMatchObject({ reason: "TOO_MANY_ATTEMPTS", requestId: "req-1" });
  });

  it("sends an MFA that must start over back to the credentials", () => {
    const ended = problem(400, "INVALID_MFA", { step: "CREDENTIALS" });
    expect(viewAfterError(otp, ended, "SIGN_IN")).toEqual(credentialsView(bank, ended));
  });

  it("offers Try again where the server allows it, and only there", () => {
    const timeout = problem(400, "MFA_TIMEOUT", { step: "CREDENTIALS", retryable: true });
    expect(viewAfterError(otp, timeout, "SIGN_IN")).toMatchObject({ screen: "ERROR", retry: "CREDENTIALS" });
    const locked = problem(403, "ACCOUNT_LOCKED", { step: "CREDENTIALS", retryable: false });
    expect(viewAfterError(credentials, locked, "SIGN_IN")).toMatchObject({ screen: "ERROR", retry: null });
    const offline = problem(0, "NETWORK_ERROR");
    const connecting: View = { screen: "CONNECTING", entity: bank };
    expect(viewAfterError(connecting, offline, "FINISH")).toMatchObject({ retry: "FINISH", step: "AUTHENTICATED" });
  });
});

describe("stepOf", () => {
  it("names where the sign-in stands for the EXIT event", () => {
    expect(stepOf({ screen: "ENTITY" })).toBe("ENTITY");
    expect(stepOf(otp)).toBe("MFA");
    expect(stepOf({ screen: "CONNECTING", entity: bank })).toBe("AUTHENTICATED");
  });
});
