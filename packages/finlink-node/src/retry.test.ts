import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter } from "./retry";

const now = new Date("2026-11-24T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect([parseRetryAfter("7", now), parseRetryAfter(" 0 ", now), parseRetryAfter("120", now)]).toEqual([
      7000, 0, 120_000,
    ]);
  });

  it("reads an HTTP date, a past one as 0", () => {
    expect(parseRetryAfter("Tue, 24 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 09:59:00 GMT", now)).toBe(0);
  });

  it("gives nothing for a missing or unreadable value", () => {
    for (const value of [null, "", "1.5", "-3", "soon", "Tue, 99 Foo"])
      expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("doubles per retry between half and all of the step, up to maxDelayMs", () => {
    expect([1, 2, 3].map((n) => backoffMs(n, DEFAULT_RETRY, () => 0))).toEqual([125, 250, 500]);
    expect([1, 2, 3].map((n) => backoffMs(n, DEFAULT_RETRY, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffMs(10, DEFAULT_RETRY, () => 1)).toBe(5000);
  });
});

describe("isRetryableStatus", () => {
  it("retries 429 always, 5xx for idempotent calls only, never another 4xx", () => {
    expect([429, 500, 503, 499].map((s) => isRetryableStatus(s, "idempotent"))).toEqual([true, true, true, false]);
    expect([429, 500, 503, 404].map((s) => isRetryableStatus(s, "unsafe"))).toEqual([true, false, false, false]);
  });
});
