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
  ];
  it.each(weakKeys)("refuses %s as the key outside sandbox mode, saying why", (_name, text, why) => {
    expect(() => loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: text })).toThrow(why);
    expect(() => loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: text })).toThrow(
      /FINLINK_ENCRYPTION_KEY is refused outside sandbox mode: .*openssl rand -base64 32/,
    );
    expect(loadConfig({ FINLINK_ENCRYPTION_KEY: text }).sandbox.enabled).toBe(true);
  });

  it("keeps a key with 16 distinct bytes (the least it takes) and refuses 15", () => {
    const withDistinct = (n: number) => Buffer.from(Array.from({ length: 32 }, (_, i) => (i % n) * 37 + 1));
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
});
