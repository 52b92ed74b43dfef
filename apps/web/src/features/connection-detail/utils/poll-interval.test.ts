import { describe, expect, it } from "vitest";
import { POLL_GIVE_UP_MS, pollInterval } from "./poll-interval";

const pending = (elapsedMs: number) => pollInterval({ status: "PENDING", elapsedMs });

describe("pollInterval", () => {
  it("polls every second for the first 10 seconds", () => {
    expect(pending(0)).toBe(1000);
    expect(pending(9_999)).toBe(1000);
  });

  it("backs off one second per 10 seconds of waiting", () => {
    expect(pending(10_000)).toBe(2000);
    expect(pending(19_999)).toBe(2000);
    expect(pending(20_000)).toBe(3000);
    expect(pending(39_999)).toBe(4000);
  });

  it("caps the interval at 5 seconds", () => {
    expect(pending(40_000)).toBe(5000);
    expect(pending(5 * 60_000)).toBe(5000);
    expect(pending(POLL_GIVE_UP_MS - 1)).toBe(5000);
  });

  it("stops after 10 minutes", () => {
    expect(POLL_GIVE_UP_MS).toBe(600_000);
    expect(pending(POLL_GIVE_UP_MS)).toBe(false);
    expect(pending(POLL_GIVE_UP_MS + 60_000)).toBe(false);
  });

  it("polls an update (UPDATING) as it polls an import", () => {
    expect(pollInterval({ status: "UPDATING", elapsedMs: 0 })).toBe(1000);
    expect(pollInterval({ status: "UPDATING", elapsedMs: 45_000 })).toBe(5000);
  });

  it.each(["READY", "ERRORED", "UPDATE_ERROR"] as const)("stops at once when the status is %s", (status) => {
    expect(pollInterval({ status, elapsedMs: 0 })).toBe(false);
  });

  it("does not poll before the first answer, nor after a 4xx", () => {
    expect(pollInterval({ status: undefined, elapsedMs: 0 })).toBe(false);
    expect(pollInterval({ status: "PENDING", elapsedMs: 0, clientError: true })).toBe(false);
    expect(pollInterval({ status: "PENDING", elapsedMs: 0, clientError: false })).toBe(1000);
  });
});
