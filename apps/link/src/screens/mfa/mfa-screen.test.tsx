import type { Challenge } from "@finlink/contracts";
import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { LinkApiError } from "../../api/link-api-error";
import { bank, otpChallenge, problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { MfaScreen } from "./mfa-screen";

function show(challenge: Challenge, lang: "es" | "en" = "en", error: LinkApiError | null = null) {
  const onAnswer = vi.fn();
  renderIn(<MfaScreen challenge={challenge} entity={bank} error={error} busy={false} onAnswer={onAnswer} />, lang);
  return onAnswer;
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("MfaScreen", () => {
  it("OTP: one numeric one-time-code field, submitted as the code", () => {
    const onAnswer = show(otpChallenge());
    expect(screen.getByRole("heading", { level: 1, name: "Enter the verification code" })).toBeTruthy();
    const code = input("Verification code");
    expect(code.getAttribute("inputmode")).toBe("numeric");
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");
    expect(code.maxLength).toBe(6);
    fireEvent.input(code, { target: { value: " 123456 " } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(onAnswer).toHaveBeenCalledWith({ type: "OTP", code: "123456" });
  });

  it("OTP: an empty code is not sent", () => {
    const onAnswer = show(otpChallenge());
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(onAnswer).not.toHaveBeenCalled();
    expect(input("Verification code").getAttribute("aria-invalid")).toBe("true");
  });

  it("QUESTION: the field is labelled by the question in the session's language", () => {
    const question = { es: "¿De qué color es el cielo?", en: "What colour is the sky?" };
    const onAnswer = show({ id: "ch_2", type: "QUESTION", question });
    expect(screen.getByRole("heading", { name: "Answer the security question" })).toBeTruthy();
    fireEvent.input(input("What colour is the sky?"), { target: { value: "blue" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(onAnswer).toHaveBeenCalledWith({ type: "QUESTION", answer: "blue" });
  });

  it("QUESTION: in Spanish too", () => {
    show({ id: "ch_2", type: "QUESTION", question: { es: "¿De qué color es el cielo?", en: "What colour?" } }, "es");
    expect(screen.getByRole("heading", { name: "Responde a la pregunta de seguridad" })).toBeTruthy();
    expect(input("¿De qué color es el cielo?")).toBeTruthy();
  });

  it("DEVICE: a radio per device, the chosen one is sent", () => {
    const devices = [
      { id: "iphone", name: { es: "iPhone de Ana", en: "Ana's iPhone" } },
      { id: "sms", name: { es: "SMS al •••• 1234", en: "SMS to •••• 1234" } },
    ];
    const onAnswer = show({ id: "ch_3", type: "DEVICE", devices });
    expect(screen.getByRole("heading", { name: "Choose where to receive the code" })).toBeTruthy();
    expect((screen.getByRole("radio", { name: "Ana's iPhone" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "SMS to •••• 1234" }));
    fireEvent.click(screen.getByRole("button", { name: "Send code" }));
    expect(onAnswer).toHaveBeenCalledWith({ type: "DEVICE", deviceId: "sms" });
  });

  it("DEVICE: the names in Spanish for a Spanish session", () => {
    const devices = [{ id: "iphone", name: { es: "iPhone de Ana", en: "Ana's iPhone" } }];
    show({ id: "ch_3", type: "DEVICE", devices }, "es");
    expect(screen.getByRole("radio", { name: "iPhone de Ana" })).toBeTruthy();
    expect(screen.queryByText("Ana's iPhone")).toBeNull();
  });

  it("says a refused answer is wrong, linked to the field", () => {
    show(otpChallenge(), "en", problem(400, "INVALID_MFA", { step: "MFA" }));
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("That code is not correct. Try again.");
    expect(input("Verification code").getAttribute("aria-describedby")).toContain(alert.id);
  });

  it("an unknown second factor shows a generic error, not an empty page", () => {
    show({ id: "ch_9", type: "FACE_SCAN" } as unknown as Challenge);
    expect(screen.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeTruthy();
    expect(screen.getByText("UNSUPPORTED_CHALLENGE")).toBeTruthy();
  });
});
