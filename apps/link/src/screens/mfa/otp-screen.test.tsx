import type { Challenge, LinkLang } from "@finlink/contracts";
import { act, fireEvent, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LinkApiError } from "../../api/link-api-error";
import { bank, otpChallenge, problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { RESEND_COOLDOWN_S } from "./otp-options";
import { OtpScreen } from "./otp-screen";

type Otp = Extract<Challenge, { type: "OTP" }>;
const otp = (fields: Partial<Otp> = {}) => otpChallenge(fields) as Otp;

function show(challenge: Otp, lang: LinkLang = "en", error: LinkApiError | null = null) {
  const onAnswer = vi.fn();
  const ui = (next: Otp, resentAt: number | null) => (
    <OtpScreen challenge={next} resentAt={resentAt} entity={bank} error={error} busy={false} onAnswer={onAnswer} />
  );
  const view = renderIn(ui(challenge, null), lang);
  /** The flow's answer to a resend: the new challenge, and when the code was sent again. */
  return { onAnswer, rerender: (next: Otp, resentAt: number | null = null) => view.rerender(ui(next, resentAt)) };
}
const status = () => screen.getByRole("status").textContent;
const resendButton = () => screen.getByRole("button", { name: /Send another code/ });

afterEach(() => vi.useRealTimers());

describe("OtpScreen", () => {
  it("says where the code went, in the session's language", () => {
    show(otp());
    expect(status()).toBe("We sent a code: SMS to •••• 1234.");
  });

  it("in Spanish too, with the Spanish labels", () => {
    show(otp(), "es");
    expect(status()).toBe("Hemos enviado un código a: SMS al •••• 1234.");
    expect(screen.getByRole("button", { name: "Enviar otro código" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Aprobar en la app de tu banco" })).toBeTruthy();
  });

  it("says how many attempts are left after a wrong code, in the alert", () => {
    show(otp(), "en", problem(400, "INVALID_MFA", { step: "MFA", remainingAttempts: 2 }));
    expect(screen.getByRole("alert").textContent).toBe("That code is not correct. 2 attempts left.");
  });

  it("asks for another code, then waits 30 s (announced) before offering it again", () => {
    vi.useFakeTimers();
    const { onAnswer, rerender } = show(otp());
    fireEvent.click(resendButton());
    expect(onAnswer).toHaveBeenCalledWith({ type: "RESEND" });
    rerender(otp({ id: "ch_2" }), Date.now());
    expect(status()).toBe(
      `We sent a new code: SMS to •••• 1234. You can ask for another in ${RESEND_COOLDOWN_S} seconds.`,
    );
    expect(resendButton().getAttribute("aria-disabled")).toBe("true");
    expect(resendButton().textContent).toBe(`Send another code (${RESEND_COOLDOWN_S} s)`);
    fireEvent.click(resendButton());
    expect(onAnswer).toHaveBeenCalledTimes(1);
    for (let s = 0; s < RESEND_COOLDOWN_S; s++) act(() => void vi.advanceTimersByTime(1_000));
    expect(resendButton().getAttribute("aria-disabled")).toBeNull();
    expect(status()).toBe("We sent a code: SMS to •••• 1234. You can ask for another code now.");
    fireEvent.click(resendButton());
    expect(onAnswer).toHaveBeenCalledTimes(2);
  });

  it("offers no resend once the bank stops sending, and says so after the last one", () => {
    const { onAnswer, rerender } = show(otp());
    fireEvent.click(resendButton());
    expect(onAnswer).toHaveBeenCalledWith({ type: "RESEND" });
    rerender(otp({ id: "ch_2", canResend: false }), Date.now());
    expect(screen.queryByRole("button", { name: /Send another code/ })).toBeNull();
    expect(screen.getByText("No more codes can be sent. Enter the last one, or use another method.")).toBeTruthy();
  });

  it("offers the other methods under “Use another method”, and none when there are none", () => {
    const { onAnswer, rerender } = show(otp({ alternatives: ["APP", "DEVICE"] }));
    const section = screen.getByRole("region", { name: "Use another method" });
    expect(section).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Send the code somewhere else" }));
    expect(onAnswer).toHaveBeenCalledWith({ type: "SWITCH", method: "DEVICE" });
    rerender(otp({ alternatives: [] }));
    expect(screen.queryByRole("region", { name: "Use another method" })).toBeNull();
  });

  it("says a refused resend inline, keeping the code field", () => {
    show(otp(), "en", problem(409, "RESEND_NOT_ALLOWED"));
    expect(screen.getByRole("alert").textContent).toBe(
      "No more codes can be sent. Enter the last one, or use another method.",
    );
    expect(screen.getByLabelText("Verification code")).toBeTruthy();
  });
});
