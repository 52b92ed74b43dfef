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

  it("refuses the well-known sandbox key and a missing key outside sandbox mode", () => {
    expect(() => loadConfig({ FINLINK_SANDBOX: "false" })).toThrow(/FINLINK_ENCRYPTION_KEY is required/);
    expect(() =>
      loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: SANDBOX_DEFAULTS.encryptionKey }),
    ).toThrow(/refused outside sandbox/);
    const key = Buffer.alloc(32, 9).toString("base64url");
    expect(loadConfig({ FINLINK_SANDBOX: "false", FINLINK_ENCRYPTION_KEY: key }).sandbox.enabled).toBe(false);
  });

  it("says which variable is wrong", () => {
    expect(() => loadConfig({ FINLINK_PORT: "http" })).toThrow(/FINLINK_PORT/);
    expect(() => loadConfig({ FINLINK_ENCRYPTION_KEY: "short" })).toThrow(/32 bytes/);
  });
});
