import { act } from "@testing-library/preact";
import { vi } from "vitest";

/** Lets `ms` of fake time pass, with the renders and effects it causes. */
export const elapse = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
