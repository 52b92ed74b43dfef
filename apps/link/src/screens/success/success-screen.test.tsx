import { fireEvent, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { AUTO_CONTINUE_MS, SuccessScreen } from "./success-screen";

describe("SuccessScreen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const show = (onContinue = vi.fn()) => {
    renderIn(
      <SuccessScreen entityName="Banco Sandbox" appName="Demo app" operation="CONNECT" onContinue={onContinue} />,
    );
    return onContinue;
  };

  it("goes back to the app by itself after a moment", async () => {
    const onContinue = show();
    expect(screen.getByRole("heading", { level: 1, name: "Connected" })).toBeTruthy();
    await elapse(AUTO_CONTINUE_MS - 1);
    expect(onContinue).not.toHaveBeenCalled();
    await elapse(1);
    expect(onContinue).toHaveBeenCalledTimes(1);
  });

  it("or at once with Continue", () => {
    const onContinue = show();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });
});
