import { fireEvent, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { SuccessScreen } from "./success-screen";

describe("SuccessScreen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const show = (onContinue = vi.fn(), lang: "en" | "es" = "en") => {
    renderIn(
      <SuccessScreen entityName="Banco Sandbox" appName="Demo app" operation="CONNECT" onContinue={onContinue} />,
      lang,
    );
    return onContinue;
  };

  it("reads as a finish: Connected, what was connected, and what happens next", () => {
    show();
    expect(screen.getByRole("heading", { level: 1, name: "Connected" })).toBeTruthy();
    expect(screen.getByText("Your Banco Sandbox accounts are now connected to Demo app.")).toBeTruthy();
    expect(screen.getByText("Your data is being fetched; Demo app will show it shortly.")).toBeTruthy();
  });

  it("stays readable: no timer takes the user away, however long they read", async () => {
    const onContinue = show();
    await elapse(10 * 60_000);
    expect(onContinue).not.toHaveBeenCalled();
    expect(screen.getByRole("heading", { level: 1, name: "Connected" })).toBeTruthy();
  });

  it("goes back to the app when the user presses Continue", () => {
    const onContinue = show(vi.fn(), "es");
    fireEvent.click(screen.getByRole("button", { name: "Continuar en Demo app" }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });
});
