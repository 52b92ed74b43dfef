import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { testBackends } from "../testing/backends";
import { createTestContext, type TestContext } from "../testing/test-context";
import { createTemporaryDatabase } from "../testing/test-database";
import { pruneRateLimits, RateLimiter, type RateLimitStore, rateLimitSecret } from "./rate-limit";

const secret = rateLimitSecret(Buffer.alloc(32, 7));

describe.each(testBackends())("RateLimiter on %s", (_name, backend) => {
  let ctx: TestContext;
  let store: RateLimitStore;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    store = { database: ctx.services.database, secret };
  });
  beforeEach(async () => {
    await ctx.services.database.sql.query("delete from rate_limit_hits");
  });
  afterAll(() => ctx?.close());

  const rows = async () =>
    (
      await ctx.services.database.sql.query<{ limiter: string; key: string; at_ms: string }>(
        "select limiter, key, at_ms from rate_limit_hits order by id",
      )
    ).rows;

  it("takes an event only under the limit; the wait is until its oldest event leaves the window", async () => {
    const limiter = new RateLimiter(store, "t", 3, 60_000);
    for (const at of [0, 10_000, 20_000]) expect(await limiter.take("a", at)).toBe(0);
    expect(await limiter.take("a", 20_000)).toBe(40);
    expect(await limiter.take("a", 59_999)).toBe(1);
    expect(await limiter.remaining("a", 59_999)).toBe(0);
    // At 60 000 the event at 0 left the window (it counts while at > now - window): a place is free.
    expect(await limiter.remaining("a", 60_000)).toBe(1);
    expect(await limiter.take("a", 60_000)).toBe(0);
    expect(await limiter.take("a", 60_000)).toBe(10);
  });

  it("keeps keys and limiters apart: the same key under another limiter or another key counts from 0", async () => {
    const one = new RateLimiter(store, "one", 1, 60_000);
    const two = new RateLimiter(store, "two", 1, 60_000);
    expect(await one.take("a", 0)).toBe(0);
    expect(await one.take("a", 0)).toBe(60);
    expect(await one.take("b", 0)).toBe(0);
    expect(await two.take("a", 0)).toBe(0);
    expect(await two.remaining("b", 0)).toBe(1);
  });

  it("refused takes count nothing: the wait stays first event + window - now, and a key holds at most `limit` rows", async () => {
    const limiter = new RateLimiter(store, "t", 2, 60_000);
    expect(await limiter.take("a", 0)).toBe(0);
    expect(await limiter.take("a", 1_000)).toBe(0);
    // Counting the refusals would move the oldest event later and push the lockout out with them.
    for (const [at, wait] of [
      [2_000, 58],
      [30_000, 30],
      [59_999, 1],
    ] as const) {
      expect(await limiter.take("a", at)).toBe(wait);
    }
    expect(await rows()).toHaveLength(2);
    expect(await limiter.take("a", 60_000)).toBe(0);
    // The take at 60 000 swept its key's row that left the window: 2 rows, not 3.
    expect((await rows()).map((r) => Number(r.at_ms))).toEqual([1_000, 60_000]);
  });

  it("gives back one event at its time; one the key does not hold (or another key) changes nothing", async () => {
    const limiter = new RateLimiter(store, "t", 3, 60_000);
    await limiter.take("a", 0);
    await limiter.take("a", 1_000);
    await limiter.take("a", 1_000);
    await limiter.giveBack("a", 500);
    await limiter.giveBack("b", 0);
    expect(await limiter.remaining("a", 1_000)).toBe(0);
    await limiter.giveBack("a", 1_000);
    expect(await limiter.remaining("a", 1_000)).toBe(1);
    expect((await rows()).map((r) => Number(r.at_ms))).toEqual([0, 1_000]);
  });

  it("stores no key in clear: an HMAC of the limiter and the key", async () => {
    await new RateLimiter(store, "addresses", 5, 60_000).take("203.0.113.7", 0);
    const [row] = await rows();
    expect(row?.limiter).toBe("addresses");
    expect(row?.key).toMatch(/^[\w-]{43}$/);
    expect(row?.key).not.toContain("203.0.113");
    // Another secret (another deployment's encryption key) makes other keys.
    const other = new RateLimiter({ ...store, secret: rateLimitSecret(Buffer.alloc(32, 8)) }, "addresses", 5, 60_000);
    await other.take("203.0.113.7", 0);
    const keys = new Set((await rows()).map((r) => r.key));
    expect(keys.size).toBe(2);
  });

  it("100 parallel takes at a limit of 10 count exactly 10 (the check and the count are one step)", async () => {
    const limiter = new RateLimiter(store, "t", 10, 60_000);
    const waits = await Promise.all(Array.from({ length: 100 }, () => limiter.take("a", 1_000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.filter((w) => w === 60)).toHaveLength(90);
    expect(await rows()).toHaveLength(10);
  });

  it("housekeeping's prune deletes the rows whose window ended, of every limiter, and keeps the others", async () => {
    await new RateLimiter(store, "short", 5, 1_000).take("a", 0);
    await new RateLimiter(store, "long", 5, 60_000).take("a", 0);
    expect(await pruneRateLimits(ctx.services.database, 999)).toBe(0);
    expect(await pruneRateLimits(ctx.services.database, 1_000)).toBe(1);
    expect((await rows()).map((r) => r.limiter)).toEqual(["long"]);
  });
});

// Breaks: counts kept in each process's memory, so N API processes gave a client N× every limit.
describe.skipIf(!testBackends().some(([name]) => name === "postgres"))(
  "RateLimiter across processes (two connection pools on one PostgreSQL database)",
  () => {
    const serverUrl = testBackends().find(([name]) => name === "postgres")?.[1];
    let drop = async () => {};
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const close of closers) await close();
      await drop();
    });

    it("two processes' limiters with the same secret share one count: 30 parallel takes from each, 10 pass in all", async () => {
      if (serverUrl?.kind !== "postgres") throw new Error("unreachable");
      const temporary = await createTemporaryDatabase(serverUrl.serverUrl);
      drop = temporary.drop;
      const [first, second] = await Promise.all([
        openDatabase({ url: temporary.url }),
        openDatabase({ url: temporary.url }),
      ]);
      if (!first || !second) throw new Error("unreachable");
      closers.push(
        () => first.close(),
        () => second.close(),
      );
      await migrate(first);
      // Each process derives the secret from the same encryption key (a random one per process counted apart).
      const a = new RateLimiter({ database: first, secret: rateLimitSecret(Buffer.alloc(32, 7)) }, "t", 10, 60_000);
      const b = new RateLimiter({ database: second, secret: rateLimitSecret(Buffer.alloc(32, 7)) }, "t", 10, 60_000);
      const waits = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).take("203.0.113.7", 1_000)),
      );
      expect(waits.filter((w) => w === 0)).toHaveLength(10);
      expect(await a.remaining("203.0.113.7", 1_000)).toBe(0);
      expect(await b.remaining("203.0.113.7", 1_000)).toBe(0);
    });
  },
);
