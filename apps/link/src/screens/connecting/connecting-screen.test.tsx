import { screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { ConnectingScreen, SLOW_AFTER, STEP_STARTS } from "./connecting-screen";

const current = () => document.querySelector('[aria-current="step"]')?.textContent;
const status = () => screen.getAllByRole("status");

describe("ConnectingScreen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("moves through the usual steps with time, each just before and at its start", async () => {
    renderIn(<ConnectingScreen entityName="Banco Sandbox" />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Connecting…");
    expect(screen.getByText("Securely connecting your Banco Sandbox accounts.")).toBeTruthy();
    expect(current()).toBe("Signing in securely");
    await elapse(STEP_STARTS[1] - 1);
    expect(current()).toBe("Signing in securely");
    await elapse(1);
    expect(current()).toBe("Reading your accounts");
    await elapse(STEP_STARTS[2] - STEP_STARTS[1] - 1);
    expect(current()).toBe("Reading your accounts");
    await elapse(1);
    expect(current()).toBe("Almost done");
    // The last step stays until the server answers (the flow then leaves this screen): never ticked, no figure.
    await elapse(10 * 60_000);
    expect(current()).toBe("Almost done");
    expect(document.body.textContent).not.toMatch(/\d+\s?%|✓/);
  });

  it("says the wait is long after 20 s, and not before", async () => {
    renderIn(<ConnectingScreen entityName="Banco Sandbox" />);
    await elapse(SLOW_AFTER - 1);
    expect(screen.queryByText(/taking longer than usual/, { ignore: ".sr-only" })).toBeNull();
    await elapse(1);
    expect(screen.getByText(/taking longer than usual/, { ignore: ".sr-only" })).toBeTruthy();
    expect(SLOW_AFTER).toBe(20_000);
  });

  it("announces each change once, in one polite live region", async () => {
    renderIn(<ConnectingScreen entityName="Banco Sandbox" />);
    expect(status()).toHaveLength(1);
    expect(document.querySelectorAll("[aria-live], [role=alert]")).toHaveLength(0);
    const announced = [status()[0]?.textContent];
    for (const at of [...STEP_STARTS.slice(1), SLOW_AFTER]) {
      await elapse(at - (STEP_STARTS.findLast((s) => s < at) ?? 0));
      announced.push(status()[0]?.textContent);
    }
    // Still one region once the long-wait line shows: a second would read the same news twice.
    expect(status()).toHaveLength(1);
    expect(document.querySelectorAll("[aria-live], [role=alert], [role=log]")).toHaveLength(0);
    expect(announced).toEqual([
      "Signing in securely",
      "Reading your accounts",
      "Almost done",
      "This is taking longer than usual. You can keep waiting: some banks take a while to answer.",
    ]);
  });

  it("speaks Spanish, and stops its timers when it leaves", async () => {
    const before = vi.getTimerCount();
    const { unmount } = renderIn(<ConnectingScreen entityName="Caja Sandbox" />, "es");
    expect(current()).toBe("Iniciando sesión de forma segura");
    await elapse(STEP_STARTS[1]);
    expect(current()).toBe("Leyendo tus cuentas");
    expect(vi.getTimerCount()).toBeGreaterThan(before);
    unmount();
    // Preact's own after-paint timers run out within a frame or two; this screen's must be gone with it.
    await elapse(500);
    expect(vi.getTimerCount()).toBe(before);
  });
});
