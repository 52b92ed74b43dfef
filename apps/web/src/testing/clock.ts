import { act } from "@testing-library/react";
import { vi } from "vitest";

/** The timers a polling test fakes; setImmediate stays real, for the macrotasks happy-dom's fetch bodies need. */
export const useFakeClock = () =>
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });

const realTurn = () => act(() => new Promise<void>((resolve) => setImmediate(resolve)));

/**
 * Moves the fake clock on by `ms`, a step at a time, letting real macrotasks run between steps (a stubbed
 * answer's body is read through them), so each poll is sent, answered and rendered in its own time.
 */
export async function advance(ms: number, step = 100) {
  for (let left = ms; left > 0; left -= step) {
    await act(() => vi.advanceTimersByTimeAsync(Math.min(step, left)));
    await realTurn();
  }
  // A poll due at the very end of the step: let its answer and the renders it schedules land.
  for (let i = 0; i < 5; i++) {
    await realTurn();
    await act(() => vi.advanceTimersByTimeAsync(1));
  }
}
