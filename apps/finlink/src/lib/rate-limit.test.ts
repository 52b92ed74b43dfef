import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_KEYS, RateLimiter } from "./rate-limit";

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

  it("at the limit, refused take() calls count nothing: the wait stays first hit + window - now", () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("a", 1_000)).toBe(0);
    // Counting the refusals would move the oldest held hit later and push the lockout out with them.
    expect(limiter.take("a", 2_000)).toBe(58);
    expect(limiter.take("a", 30_000)).toBe(30);
    expect(limiter.take("a", 59_999)).toBe(1);
    expect(limiter.held("a")).toBe(2);
    expect(limiter.take("a", 60_000)).toBe(0);
    expect(limiter.retryAfter("a", 60_000)).toBe(1);
  });

  it("giveBack of a timestamp the key does not hold (or of a key it does not hold) changes nothing", () => {
    const limiter = new RateLimiter(3, 60_000);
    limiter.hit("a", 0);
    limiter.hit("a", 1_000);
    limiter.giveBack("a", 500);
    expect(limiter.held("a")).toBe(2);
    expect(limiter.remaining("a", 1_000)).toBe(1);
    limiter.hit("a", 2_000);
    expect(limiter.retryAfter("a", 2_000)).toBe(58);
    limiter.giveBack("b", 0);
    expect(limiter.size).toBe(1);
    expect(limiter.held("b")).toBe(0);
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

  it("holds at most maxKeys keys: idle ones go first, then (among equal counts) the least recently counted", () => {
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

  it("when full, evicts the keys with the fewest hits first, the least recently counted among equals", () => {
    const limiter = new RateLimiter(3, 60_000, 10);
    const hitTimes = (key: string, n: number, at: number) => {
      for (let i = 0; i < n; i++) limiter.hit(key, at);
    };
    // Counted in this order, so the 3-hit keys are the least recently counted of all.
    for (const key of ["a", "b", "c", "d", "e"]) hitTimes(key, 3, 1_000);
    for (const key of ["f", "g", "h"]) hitTimes(key, 2, 2_000);
    for (const key of ["i", "j"]) hitTimes(key, 1, 3_000);
    expect(limiter.size).toBe(10);
    limiter.hit("x", 4_000); // frees down to 7: both 1-hit keys, then f, the least recently counted 2-hit key
    expect(limiter.size).toBe(8);
    for (const gone of ["i", "j", "f"]) expect(limiter.held(gone), gone).toBe(0);
    for (const kept of ["a", "b", "c", "d", "e"]) expect(limiter.remaining(kept, 4_000), kept).toBe(0);
    for (const kept of ["g", "h"]) expect(limiter.remaining(kept, 4_000), kept).toBe(1);
    expect(limiter.remaining("x", 4_000)).toBe(2);
  });

  it("keeps a throttled key and a 2-hit key through a flood of 1-hit junk keys, evicting only junk", () => {
    const maxKeys = 100;
    const limiter = new RateLimiter(10, 15 * 60_000, maxKeys);
    for (let at = 0; at < 10; at++) expect(limiter.take("victim", at)).toBe(0);
    expect(limiter.take("victim", 10)).toBeGreaterThan(0);
    limiter.hit("two", 20);
    limiter.hit("two", 21);
    let sweeps = 0;
    let previous = limiter.size;
    for (let i = 0; i < 1_000; i++) {
      limiter.hit(`junk${i}`, 1_000 + i);
      expect(limiter.size).toBeLessThanOrEqual(maxKeys);
      if (limiter.size < previous) sweeps++;
      previous = limiter.size;
    }
    // A sweep frees a quarter of the map: 1,000 new keys cost about 1,000 / 25 sweeps, not one per key.
    expect(sweeps).toBeGreaterThan(0);
    expect(sweeps).toBeLessThanOrEqual(Math.ceil(1_000 / (maxKeys / 4)));
    expect(limiter.take("victim", 2_000)).toBe(15 * 60 - 2);
    expect(limiter.remaining("victim", 2_000)).toBe(0);
    expect(limiter.remaining("two", 2_000)).toBe(8);
    expect(limiter.held("junk0")).toBe(0);
    expect(limiter.held("junk999")).toBe(1);
    const junkHeld = Array.from({ length: 1_000 }, (_, i) => limiter.held(`junk${i}`)).filter((n) => n > 0).length;
    expect(junkHeld).toBe(limiter.size - 2);
  });

  it("keeps a user's 10 wrong passwords through 51,000 junk usernames at the default maxKeys", () => {
    const limiter = new RateLimiter(10, 15 * 60_000);
    for (let at = 0; at < 10; at++) limiter.hit("victim", at);
    for (let i = 0; i < 51_000; i++) limiter.hit(`junk${i}`, 100);
    expect(limiter.size).toBeLessThanOrEqual(DEFAULT_MAX_KEYS);
    expect(limiter.size).toBeGreaterThan(DEFAULT_MAX_KEYS * 0.75);
    expect(limiter.remaining("victim", 1_000)).toBe(0);
    expect(limiter.retryAfter("victim", 1_000)).toBe(15 * 60 - 1);
  });
});
