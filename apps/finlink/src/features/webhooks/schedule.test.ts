import { describe, expect, it } from "vitest";
import { FAILING_AFTER_MS, RETRY_SCHEDULE_SECONDS, RETRY_WINDOW_MS, retryAfterMs, retryDelayMs } from "./schedule";

const now = new Date("2026-12-02T12:00:00Z");
const at = (attemptsMade: number, extra: Partial<Parameters<typeof retryDelayMs>[0]> = {}) =>
  retryDelayMs({ attemptsMade, scale: 1, now, random: () => 0.5, ...extra });

describe("the webhook retry schedule", () => {
  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", () => {
    expect(RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => at(n))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(at(8)).toBeNull();
    expect(at(0)).toBeNull();
  });

  it("jitters each delay by at most ±20 %", () => {
    expect(at(2, { random: () => 0 })).toBe(240_000);
    expect(at(2, { random: () => 0.999999 })).toBeCloseTo(360_000, -1);
    expect(at(2, { random: () => 0.25 })).toBe(270_000);
  });

  it("scales every delay by configuration", () => {
    expect(at(1, { scale: 0.001 })).toBe(5);
    expect(at(7, { scale: 0.001 })).toBe(36_000);
    expect(at(8, { scale: 0.001 })).toBeNull();
  });

  it("honours Retry-After on 429 and 503 within 1× and 2× the scheduled delay", () => {
    expect(at(2, { status: 429, retryAfter: "450" })).toBe(450_000);
    expect(at(2, { status: 503, retryAfter: "450" })).toBe(450_000);
    expect(at(2, { status: 429, retryAfter: "1" })).toBe(300_000);
    expect(at(2, { status: 429, retryAfter: "600" })).toBe(600_000);
    expect(at(2, { status: 429, retryAfter: "601" })).toBe(600_000);
    expect(at(2, { status: 429, retryAfter: "86400" })).toBe(600_000);
    // Another status's Retry-After is not a request to wait.
    expect(at(2, { status: 500, retryAfter: "450" })).toBe(300_000);
    expect(at(2, { status: 429, retryAfter: "soon" })).toBe(300_000);
    expect(at(2, { status: 429, retryAfter: "Wed, 02 Dec 2026 12:07:00 GMT" })).toBe(420_000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs(" 30 ", now)).toBe(30_000);
    expect(retryAfterMs("-5", now)).toBeNull();
    expect(retryAfterMs("1.5", now)).toBeNull();
    expect(retryAfterMs("Wed, 02 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("2026-12-02T12:01:00Z", now)).toBeNull();
  });

  it("spans about 27 h (33 h with jitter); failing after 5 days", () => {
    expect(RETRY_WINDOW_MS).toBeCloseTo(27.59 * 3600 * 1000 * 1.2, -5);
    expect(FAILING_AFTER_MS).toBe(432_000_000);
  });
});
