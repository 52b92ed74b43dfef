import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("refuses a key at its limit until its oldest hit leaves the window, and keeps keys apart", () => {
    const limiter = new RateLimiter(3, 60_000);
    for (const at of [0, 10_000, 20_000]) limiter.hit("a", at);
    expect(limiter.retryAfter("a", 20_000)).toBe(40);
    expect(limiter.retryAfter("b", 20_000)).toBe(0);
    expect(limiter.retryAfter("a", 59_999)).toBe(1);
    expect(limiter.retryAfter("a", 60_000)).toBe(0);
    limiter.hit("a", 60_000);
    expect(limiter.retryAfter("a", 60_000)).toBe(10);
  });

  it("forgets everything on clear", () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.hit("a", 0);
    expect(limiter.retryAfter("a", 1)).toBe(60);
    limiter.clear();
    expect(limiter.retryAfter("a", 1)).toBe(0);
  });
});
