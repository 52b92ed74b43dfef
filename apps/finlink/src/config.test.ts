import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig, SANDBOX_DEFAULTS } from "./config";

describe("loadConfig", () => {
  it("defaults to sandbox mode on 127.0.0.1:4010 with embedded storage", () => {
    const config = loadConfig({});
    expect(config.sandbox.enabled).toBe(true);
    expect(config.publicUrl).toBe("http://127.0.0.1:4010");
    expect(config.linkUrl).toBe("http://127.0.0.1:4010/link");
    expect(config.database).toEqual({ dataDir: expect.stringMatching(/\.data\/finlink$/) });
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://x@h/db" }).database).toEqual({ url: "postgres://x@h/db" });
  });

  it("refuses a missing key outside sandbox mode, and takes a random one", () => {
    expect(() => loadConfig({ FINLINK_SANDBOX: "false" })).toThrow(/FINLINK_ENCRYPTION_KEY is required/);
    const key = randomBytes(32);
    for (const text of [key.toString("base64url"), key.toString("base64")]) {
      const config = loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: text });
      expect(config.sandbox.enabled).toBe(false);
      expect(config.encryptionKey.equals(key)).toBe(true);
    }
  });

  const wellKnown = Buffer.from(SANDBOX_DEFAULTS.encryptionKey, "base64url");
  const sequence = (start: number, step: number) =>
    Buffer.from(Array.from({ length: 32 }, (_, i) => (start + i * step) & 0xff));
  const fewDistinct = Buffer.from(Array.from({ length: 32 }, (_, i) => [3, 141, 59, 26, 53, 89, 79, 32][i % 8] ?? 0));
  /** The well-known key with `n` bits flipped: the low bit of each byte, then the top bit (never printable). */
  const flipped = (n: number) => {
    const key = Buffer.from(wellKnown);
    for (let bit = 0; bit < n; bit++) key[bit % 32] = (key[bit % 32] ?? 0) ^ (bit < 32 ? 0x01 : 0x80);
    return key;
  };
  // 16 distinct random bytes: 16 drawn at random often repeat one, and the key would be refused for that instead.
  const distinctBlock = () => Buffer.from([...new Set(randomBytes(256))].slice(0, 16));
  const twice = (block: Buffer) => Buffer.concat([block, block]);
  /** A random key whose last `n` bytes repeat its first `n`. */
  const repeating = (n: number) => {
    const key = randomBytes(32);
    key.copy(key, 32 - n, 0, n);
    return key;
  };
  const belowTwenty = Buffer.from([
    7, 19, 3, 12, 0, 15, 8, 1, 17, 11, 4, 14, 9, 2, 18, 6, 13, 10, 5, 16, 3, 9, 0, 17, 12, 6, 19, 1, 14, 8, 11, 2,
  ]);
  /** 32 distinct bytes from 100 up, max − min = `spread` (the byte at 19 is the largest). */
  const spanning = (spread: number) => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => 100 + ((i * 37) % 64)));
    key[19] = 100 + spread;
    return key;
  };
  const weakKeys: [string, string, RegExp][] = [
    ["the well-known key", SANDBOX_DEFAULTS.encryptionKey, /well-known sandbox key/],
    ["the well-known key with = padding", `${SANDBOX_DEFAULTS.encryptionKey}=`, /well-known sandbox key/],
    ["the well-known key in base64", wellKnown.toString("base64"), /well-known sandbox key/],
    ["all zero", Buffer.alloc(32).toString("base64url"), /all zero bytes/],
    ["all zero, padded base64", Buffer.alloc(32).toString("base64"), /all zero bytes/],
    ["one byte repeated", Buffer.alloc(32, 9).toString("base64url"), /one byte repeated/],
    ["0, 1, 2, …, 31", sequence(0, 1).toString("base64url"), /simple sequence/],
    ["a descending sequence", sequence(255, -3).toString("base64url"), /simple sequence/],
    ["8 distinct bytes", fewDistinct.toString("base64url"), /only 8 distinct bytes/],
    ["printable text", Buffer.from("Th1s is my very Secret key, OK?!").toString("base64url"), /printable text/],
    ["the well-known key with one bit flipped", flipped(1).toString("base64url"), /in only 1 of 256 bits/],
    ["the well-known key with 63 bits flipped", flipped(63).toString("base64"), /in only 63 of 256 bits/],
    ["a random 16-byte block twice", twice(distinctBlock()).toString("base64url"), /two 16-byte halves are equal/],
    ["a random key repeating 8 bytes", repeating(8).toString("base64url"), /repeats 8 bytes \(bytes 0–7 again at 24\)/],
    ["32 bytes all below 20", belowTwenty.toString("base64url"), /bytes span only 20 values/],
    ["bytes spanning 64 values", spanning(63).toString("base64url"), /bytes span only 64 values/],
  ];
  it.each(weakKeys)("refuses %s as the key outside sandbox mode, saying why", (_name, text, why) => {
    expect(() => loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: text })).toThrow(why);
    expect(() => loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: text })).toThrow(
      /FINLINK_ENCRYPTION_KEY is refused outside sandbox mode: .*openssl rand -base64 32/,
    );
    expect(loadConfig({ FINLINK_ENCRYPTION_KEY: text }).sandbox.enabled).toBe(true);
  });

  const loadStrict = (key: Buffer) =>
    loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: key.toString("base64url") });

  it("keeps a key 64 bits away from the well-known key and refuses 63", () => {
    expect(loadStrict(flipped(64)).encryptionKey).toEqual(flipped(64));
    expect(() => loadStrict(flipped(63))).toThrow(/in only 63 of 256 bits/);
  });

  it("keeps a random key repeating 7 bytes and refuses one repeating 8", () => {
    const seven = repeating(7);
    expect(loadStrict(seven).encryptionKey).toEqual(seven);
    expect(() => loadStrict(repeating(8))).toThrow(/repeats 8 bytes/);
  });

  it("keeps a key whose bytes span 65 values (max − min = 64) and refuses 64", () => {
    expect(loadStrict(spanning(64)).encryptionKey).toEqual(spanning(64));
    expect(() => loadStrict(spanning(63))).toThrow(/bytes span only 64 values/);
  });

  it("keeps 1,000 random keys out of 1,000: the rules refuse no random key in practice", () => {
    const refused: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const key = randomBytes(32);
      try {
        expect(loadStrict(key).encryptionKey).toEqual(key);
      } catch (error) {
        refused.push(`${key.toString("hex")}: ${(error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("keeps a key with 16 distinct bytes (the least it takes) and refuses 15", () => {
    // Distinct values first, then the same values in another order: no block repeats.
    const withDistinct = (n: number) =>
      Buffer.from(Array.from({ length: 32 }, (_, i) => ((i < n ? i : (i * 7 + 3) % n) * 37 + 1) & 0xff));
    const load = (key: Buffer) =>
      loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: key.toString("base64url") });
    expect(load(withDistinct(16)).encryptionKey).toEqual(withDistinct(16));
    expect(() => load(withDistinct(15))).toThrow(/only 15 distinct bytes/);
  });

  it("refuses a key with characters outside base64 instead of skipping them", () => {
    const text = randomBytes(32).toString("base64url");
    expect(() => loadConfig({ FINLINK_ENCRYPTION_KEY: `${text.slice(0, 20)}!${text.slice(20)}` })).toThrow(
      /must be base64url/,
    );
  });

  it("says which variable is wrong", () => {
    expect(() => loadConfig({ FINLINK_PORT: "http" })).toThrow(/FINLINK_PORT/);
    expect(() => loadConfig({ FINLINK_ENCRYPTION_KEY: "short" })).toThrow(/32 bytes/);
  });

  it("registers the BFF's and the Vite dev server's callbacks by default, or the comma-separated list given", () => {
    expect(loadConfig({}).sandbox.redirectUris).toEqual([
      "http://localhost:4020/link/callback",
      "http://localhost:5174/link/callback",
    ]);
    expect(loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: "https://a.example/cb" }).sandbox.redirectUris).toEqual([
      "https://a.example/cb",
    ]);
    expect(
      loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: "https://a.example/cb , http://localhost:1/cb" }).sandbox.redirectUris,
    ).toEqual(["https://a.example/cb", "http://localhost:1/cb"]);
    expect(() => loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: "https://a.example/cb,not a url" })).toThrow(
      /FINLINK_SANDBOX_REDIRECT_URI/,
    );
    expect(() => loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: "" })).toThrow(/FINLINK_SANDBOX_REDIRECT_URI/);
    const five = Array.from({ length: 5 }, (_, i) => `https://a.example/${i}`);
    expect(loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: five.join(",") }).sandbox.redirectUris).toEqual(five);
    expect(() => loadConfig({ FINLINK_SANDBOX_REDIRECT_URI: [...five, "https://a.example/5"].join(",") })).toThrow(
      /FINLINK_SANDBOX_REDIRECT_URI/,
    );
  });

  it("takes the Link sessions one address may open from FINLINK_LINK_SESSIONS_PER_ADDRESS (60 by default, at least 1)", () => {
    expect(loadConfig({}).linkSessionsPerAddress).toBe(60);
    expect(loadConfig({ FINLINK_LINK_SESSIONS_PER_ADDRESS: "1" }).linkSessionsPerAddress).toBe(1);
    expect(loadConfig({ FINLINK_LINK_SESSIONS_PER_ADDRESS: "5000" }).linkSessionsPerAddress).toBe(5000);
    expect(() => loadConfig({ FINLINK_LINK_SESSIONS_PER_ADDRESS: "0" })).toThrow(/FINLINK_LINK_SESSIONS_PER_ADDRESS/);
    expect(() => loadConfig({ FINLINK_LINK_SESSIONS_PER_ADDRESS: "2.5" })).toThrow(/FINLINK_LINK_SESSIONS_PER_ADDRESS/);
  });

  it("takes the guessing limits across sessions from FINLINK_SIGN_IN_FAILURES_PER_USER / _PER_ADDRESS (10 and 50)", () => {
    expect(loadConfig({})).toMatchObject({ signInFailuresPerUser: 10, signInFailuresPerAddress: 50 });
    const loose = loadConfig({ FINLINK_SIGN_IN_FAILURES_PER_USER: "1", FINLINK_SIGN_IN_FAILURES_PER_ADDRESS: "10000" });
    expect(loose).toMatchObject({ signInFailuresPerUser: 1, signInFailuresPerAddress: 10000 });
    for (const name of ["FINLINK_SIGN_IN_FAILURES_PER_USER", "FINLINK_SIGN_IN_FAILURES_PER_ADDRESS"]) {
      expect(() => loadConfig({ [name]: "0" })).toThrow(new RegExp(name));
    }
  });

  it("delivers webhooks with a 10 s deadline on the fixed schedule, to private addresses only in sandbox mode, https outside it", () => {
    const key = randomBytes(32).toString("base64url");
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivate: true,
      requireHttps: false,
      scheduleScale: 1,
      timeoutMs: 10_000,
      retentionMs: 30 * 86_400_000,
    });
    const production = loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: key }).webhooks;
    expect(production).toMatchObject({ allowPrivate: false, requireHttps: true });
    expect(
      loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: key, FINLINK_WEBHOOK_ALLOW_PRIVATE: "true" })
        .webhooks.allowPrivate,
    ).toBe(true);
    expect(loadConfig({ FINLINK_WEBHOOK_ALLOW_PRIVATE: "false" }).webhooks.allowPrivate).toBe(false);
    expect(loadConfig({ FINLINK_WEBHOOK_SCHEDULE_SCALE: "0.001" }).webhooks.scheduleScale).toBe(0.001);
    for (const scale of ["0", "-1", "2", "fast"]) {
      expect(() => loadConfig({ FINLINK_WEBHOOK_SCHEDULE_SCALE: scale })).toThrow(/FINLINK_WEBHOOK_SCHEDULE_SCALE/);
    }
  });

  it("expires jobs of dead processes after 600 s (extraction) and 60 s (webhook), checked every 30 s", () => {
    expect(loadConfig({}).queues).toEqual({
      maintenanceSeconds: 30,
      extractExpireSeconds: 600,
      webhookExpireSeconds: 60,
      dailyUpdateCron: "0 3 * * *",
      housekeepingCron: "17 * * * *",
      cronCheckSeconds: 30,
    });
    expect(() => loadConfig({ FINLINK_WEBHOOK_EXPIRE_SECONDS: "10" })).toThrow(/above FINLINK_WEBHOOK_TIMEOUT_SECONDS/);
    expect(loadConfig({ FINLINK_WEBHOOK_EXPIRE_SECONDS: "11" }).queues.webhookExpireSeconds).toBe(11);
    expect(() => loadConfig({ FINLINK_QUEUE_MAINTENANCE_SECONDS: "0" })).toThrow(/FINLINK_QUEUE_MAINTENANCE_SECONDS/);
  });

  it("takes the daily update's and housekeeping's crons as pg-boss schedules them (five fields, UTC)", () => {
    for (const [variable, field] of [
      ["FINLINK_DAILY_UPDATE_CRON", "dailyUpdateCron"],
      ["FINLINK_HOUSEKEEPING_CRON", "housekeepingCron"],
    ] as const) {
      for (const cron of ["* * * * *", "59 23 31 12 6", "*/5 1-4 * * mon-fri", " 0 3 * * * "]) {
        expect(loadConfig({ [variable]: cron }).queues[field]).toBe(cron);
      }
      // Each field one past its range; four and six fields (cron-parser reads a sixth as seconds, but
      // pg-boss sends at most once a minute); empty (cron-parser: every minute); not a cron at all.
      for (const cron of ["60 * * * *", "0 24 * * *", "0 3 32 * *", "0 3 * 13 *", "0 3 * * 8", "* * * *"]) {
        expect(() => loadConfig({ [variable]: cron }), cron).toThrow(`${variable}: "${cron}"`);
      }
      for (const cron of ["* * * * * *", "", "daily", "*/0 * * * *"]) {
        expect(() => loadConfig({ [variable]: cron }), cron).toThrow(new RegExp(variable));
      }
    }
  });

  it("checks the schedules every FINLINK_CRON_CHECK_SECONDS, within pg-boss's 1–45 s", () => {
    expect(loadConfig({ FINLINK_CRON_CHECK_SECONDS: "1" }).queues.cronCheckSeconds).toBe(1);
    expect(loadConfig({ FINLINK_CRON_CHECK_SECONDS: "45" }).queues.cronCheckSeconds).toBe(45);
    for (const seconds of ["0", "46", "1.5", "often"]) {
      expect(() => loadConfig({ FINLINK_CRON_CHECK_SECONDS: seconds }), seconds).toThrow(/FINLINK_CRON_CHECK_SECONDS/);
    }
  });
});
