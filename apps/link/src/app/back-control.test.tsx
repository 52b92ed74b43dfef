import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { bank, fakeApi, otpChallenge, session } from "../testing/fixtures";
import { App, canGoBack } from "./app";
import { createFlow } from "./flow";
import type { FlowState } from "./flow-state";

const back = () => screen.queryByRole("button", { name: /^(‹ )?Back$/ });

describe("the bar's Back", () => {
  it("shows on a step with one behind it, and goes back one step", async () => {
    const flow = createFlow({
      api: fakeApi({
        createSession: async () => session(),
        submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
      }),
      parent: null,
      navigate: vi.fn(),
    });
    render(<App flow={flow} request={{ id: "r" }} lang="en" />);
    await flow.start({ id: "r" });
    await screen.findByRole("heading", { level: 1, name: /asks to connect/ });
    expect(back()).toBeNull(); // the first step: Exit is the way out
    flow.acceptConsent();
    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_otp", password: "pass_good" });
    await screen.findByRole("heading", { level: 1, name: "Enter the verification code" });
    fireEvent.click(back() as HTMLElement);
    expect(await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox" })).toBeTruthy();
  });

  it("is hidden on the first step, on error screens, and while a call is in flight", () => {
    const at = (view: FlowState["view"], extra: Partial<FlowState> = {}): FlowState => ({
      view,
      session: session(),
      busy: false,
      exiting: false,
      ...extra,
    });
    const mfa: FlowState["view"] = { screen: "MFA", entity: bank, challenge: otpChallenge(), error: null };
    expect(canGoBack(at(mfa), 4)).toBe(true);
    expect(canGoBack(at(mfa), 1)).toBe(false);
    expect(canGoBack(at(mfa, { busy: true }), 4)).toBe(false);
    expect(canGoBack(at(mfa, { exiting: true }), 4)).toBe(false);
    expect(canGoBack(at(mfa, { session: null }), 4)).toBe(false);
    expect(canGoBack(at({ screen: "ENTITY" }), 2)).toBe(true);
    expect(canGoBack(at({ screen: "CONSENT" }), 2)).toBe(false);
    expect(canGoBack(at({ screen: "CONNECTING", entity: bank }), 4)).toBe(false);
  });
});
