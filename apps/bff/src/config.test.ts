import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEV_SECRET_KEY, FINLINK_SANDBOX_APP, loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to localhost:4020 in front of the sandbox Finlink on 127.0.0.1:4010, embedded storage under .data/bff", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4020);
    expect(config.appUrl).toBe("http://localhost:4020");
    expect(config.secure).toBe(false);
    expect(config.database).toEqual({ dataDir: expect.stringMatching(/\/\.data\/bff$/) });
    expect(config.webDistDir).toMatch(/apps\/bff\/\.\.\/web\/dist$/);
    expect(config.finlink).toEqual({
      url: "http://127.0.0.1:4010",
      linkUrl: "http://127.0.0.1:4010/link",
      clientId: FINLINK_SANDBOX_APP.clientId,
      clientSecret: FINLINK_SANDBOX_APP.clientSecret,
      redirectId: undefined,
    });
    expect(config.secretKey.equals(Buffer.from(DEV_SECRET_KEY, "base64url"))).toBe(true);
  });

  it("agrees with Finlink's sandbox defaults: the demo app's redirect is this app's /link/callback", async () => {
    const { SANDBOX_DEFAULTS } = await import("@finlink/server/src/config");
    expect(FINLINK_SANDBOX_APP).toEqual({
      clientId: SANDBOX_DEFAULTS.clientId,
      clientSecret: SANDBOX_DEFAULTS.clientSecret,
    });
    // The first: what `npm start` serves. The second: the SPA's Vite dev server (`pnpm dev`, APP_URL=:5174).
    expect(SANDBOX_DEFAULTS.redirectUris).toEqual([
      `${loadConfig({}).appUrl}/link/callback`,
      `${loadConfig({ APP_URL: "http://localhost:5174" }).appUrl}/link/callback`,
    ]);
  });

  it("reads PostgreSQL from APP_DATABASE_URL (not Finlink's DATABASE_URL), and the other URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://finlink" }).database).toEqual({
      dataDir: expect.stringMatching(/\.data\/bff$/),
    });
    const config = loadConfig({
      APP_DATABASE_URL: "postgres://u@h/bff",
      FINLINK_URL: "https://finlink.example/",
      LINK_URL: "https://link.example/link",
      APP_URL: "http://localhost:5173/ignored-path",
      FINLINK_REDIRECT_ID: "6f1c2d3e-0000-4000-8000-000000000000",
    });
    expect(config.database).toEqual({ url: "postgres://u@h/bff" });
    expect(config.finlink.url).toBe("https://finlink.example");
    expect(config.finlink.linkUrl).toBe("https://link.example/link");
    expect(config.appUrl).toBe("http://localhost:5173");
    expect(config.finlink.redirectId).toBe("6f1c2d3e-0000-4000-8000-000000000000");
  });

  it("refuses the public development key in production and off localhost, in any spelling", () => {
    const padded = `${DEV_SECRET_KEY}=`;
    const base64 = Buffer.from(DEV_SECRET_KEY, "base64url").toString("base64");
    for (const env of [
      { NODE_ENV: "production" },
      { NODE_ENV: "production", APP_SECRET_KEY: DEV_SECRET_KEY },
      { APP_URL: "https://demo.example" },
      { APP_URL: "https://demo.example", APP_SECRET_KEY: padded },
      { APP_URL: "http://192.168.1.10:4020", APP_SECRET_KEY: base64 },
    ]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(/APP_SECRET_KEY is required/);
    }
    for (const host of ["http://localhost:4020", "http://127.0.0.1:4020", "http://[::1]:4020"]) {
      expect(loadConfig({ APP_URL: host }).secretKey.length).toBe(32);
    }
  });

  it("takes a random key anywhere, and serves https with secure cookies", () => {
    const key = randomBytes(32);
    for (const text of [key.toString("base64url"), key.toString("base64")]) {
      const config = loadConfig({ NODE_ENV: "production", APP_URL: "https://demo.example", APP_SECRET_KEY: text });
      expect(config.secretKey.equals(key)).toBe(true);
      expect(config.secure).toBe(true);
    }
  });

  it("refuses keys that are not 32 bytes of base64url, and URLs that are not http(s)", () => {
    for (const APP_SECRET_KEY of [
      randomBytes(31).toString("base64url"),
      randomBytes(33).toString("base64url"),
      "not a key!",
    ]) {
      expect(() => loadConfig({ APP_SECRET_KEY })).toThrow(/APP_SECRET_KEY must/);
    }
    expect(() => loadConfig({ APP_URL: "ftp://localhost" })).toThrow(/APP_URL/);
    expect(() => loadConfig({ APP_PORT: "70000" })).toThrow(/APP_PORT/);
  });
});
