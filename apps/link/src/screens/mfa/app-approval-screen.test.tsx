import { screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bank } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { AppApprovalScreen, formatTimeLeft, POLL_INTERVAL_MS } from "./app-approval-screen";

const NOW = Date.parse("2030-01-01T00:00:00.000Z");
const challenge = { id: "ch_app", type: "APP" as const, expiresAt: "2030-01-01T00:02:00.000Z" };

describe("AppApprovalScreen", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("polls about once a second, one request at a time, and stops when it leaves", async () => {
    let answer: () => void = () => {};
    const onAnswer = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const view = renderIn(
      <AppApprovalScreen challenge={challenge} entity={bank} error={null} busy={false} onAnswer={onAnswer} />,
    );
    expect(screen.getByRole("heading", { name: "Approve in your bank's app" })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Waiting for approval");

    await elapse(POLL_INTERVAL_MS);
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith({ type: "POLL" });
    await elapse(3 * POLL_INTERVAL_MS);
    expect(onAnswer).toHaveBeenCalledTimes(1); // the first poll has not answered yet

    answer();
    await elapse(POLL_INTERVAL_MS);
    expect(onAnswer).toHaveBeenCalledTimes(2);

    view.unmount();
    answer();
    await elapse(5 * POLL_INTERVAL_MS);
    expect(onAnswer).toHaveBeenCalledTimes(2);
  });

  it("holds its polls while paused (the exit dialog is open) and resumes after", async () => {
    const onAnswer = vi.fn(async () => {});
    const props = { challenge, entity: bank, error: null, busy: false, onAnswer };
    const view = renderIn(<AppApprovalScreen {...props} paused />);
    await elapse(5 * POLL_INTERVAL_MS);
    expect(onAnswer).not.toHaveBeenCalled();
    view.rerender(<AppApprovalScreen {...props} paused={false} />);
    await elapse(POLL_INTERVAL_MS);
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith({ type: "POLL" });
  });

  it("shows the time left until the approval expires", async () => {
    renderIn(<AppApprovalScreen challenge={challenge} entity={bank} error={null} busy={false} onAnswer={vi.fn()} />);
    expect(screen.getByText("Time left: 2:00")).toBeTruthy();
    await elapse(65_000);
    expect(screen.getByText("Time left: 0:55")).toBeTruthy();
    expect(formatTimeLeft(-5_000)).toBe("0:00");
  });
});
