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

  it("takes an event only under the limit, and gives one back", () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("a", 1_000)).toBe(0);
    expect(limiter.remaining("a", 1_000)).toBe(0);
    expect(limiter.take("a", 2_000)).toBe(58); // refused, and not counted
    limiter.giveBack("a", 1_000);
    expect(limiter.remaining("a", 2_000)).toBe(1);
    expect(limiter.take("a", 2_000)).toBe(0);
  });

  it("sweeps idle keys once it holds many, keeping live ones", () => {
    const limiter = new RateLimiter(1, 1_000);
    for (let i = 0; i < 9_999; i++) limiter.hit(`old${i}`, 0);
    expect(limiter.size).toBe(9_999);
    limiter.hit("x", 5_000); // the 10,000th key: a sweep drops the 9,999 idle ones
    expect(limiter.size).toBe(1);
    for (let i = 0; i < 9_999; i++) limiter.hit(`live${i}`, 5_000);
    expect(limiter.size).toBe(10_000); // all live: kept, and the next sweep waits for 20,000 keys
    expect(limiter.retryAfter("x", 5_000)).toBe(1);
  });
});
