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

  it("keeps at most `limit` timestamps per key, and still answers as if it kept them all", () => {
    const limiter = new RateLimiter(3, 60_000);
    for (let at = 0; at < 1_000; at++) limiter.hit("a", at);
    expect(limiter.held("a")).toBe(3);
    // The last three hits were at 997, 998, 999 ms: a place frees when 997 leaves the window.
    expect(limiter.retryAfter("a", 60_996)).toBe(1);
    expect(limiter.retryAfter("a", 60_997)).toBe(0);
    expect(limiter.remaining("a", 60_998)).toBe(2);
  });

  it("holds at most maxKeys keys: idle ones go first, then the least recently counted", () => {
    const limiter = new RateLimiter(1, 1_000, 100);
    for (let i = 0; i < 60; i++) limiter.hit(`idle${i}`, 0);
    for (let i = 0; i < 40; i++) limiter.hit(`live${i}`, 5_000);
    expect(limiter.size).toBe(100);
    limiter.hit("x", 5_000); // the map is full: the 60 idle keys go, the 40 live ones stay
    expect(limiter.size).toBe(41);
    expect(limiter.retryAfter("live0", 5_000)).toBe(1);

    limiter.hit("live0", 5_500); // counted again: now after live1…live39 and x
    for (let i = 0; i < 59; i++) limiter.hit(`flood${i}`, 5_600);
    expect(limiter.size).toBe(100);
    limiter.hit("flood59", 5_600); // full of live keys: the 25 least recently counted go (live1…live25)
    expect(limiter.size).toBe(76);
    expect(limiter.retryAfter("live1", 5_600)).toBe(0);
    expect(limiter.retryAfter("live25", 5_600)).toBe(0);
    expect(limiter.retryAfter("live26", 5_600)).toBe(1);
    expect(limiter.retryAfter("live0", 5_600)).toBe(1);
    for (let i = 0; i < 10_000; i++) limiter.hit(`more${i}`, 5_700);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
