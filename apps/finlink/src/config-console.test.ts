import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("the console's own origin (decision 011)", () => {
  it("listens on 4011 by default, at http://FINLINK_HOST:4011, or where FINLINK_CONSOLE_PORT / _URL say", () => {
    expect(loadConfig({}).console).toEqual({ port: 4011, publicUrl: "http://127.0.0.1:4011" });
    expect(loadConfig({ FINLINK_HOST: "localhost", FINLINK_CONSOLE_PORT: "4711" }).console).toEqual({
      port: 4711,
      publicUrl: "http://localhost:4711",
    });
    // Behind a proxy: the address operators open, its slash dropped (Origin headers carry none).
    const proxied = loadConfig({
      FINLINK_URL: "https://api.finlink.example",
      FINLINK_CONSOLE_URL: "https://ops.finlink.example/",
    });
    expect(proxied.console).toEqual({ port: 4011, publicUrl: "https://ops.finlink.example" });
  });

  it("is off with FINLINK_CONSOLE_PORT=off (exactly), and refuses a port that is neither", () => {
    expect(loadConfig({ FINLINK_CONSOLE_PORT: "off" }).console).toBeNull();
    for (const port of ["OFF", "no", "65536", "-1", "40.5"]) {
      expect(() => loadConfig({ FINLINK_CONSOLE_PORT: port }), port).toThrow(/FINLINK_CONSOLE_PORT/);
    }
    expect(loadConfig({ FINLINK_CONSOLE_PORT: "65535" }).console?.port).toBe(65535);
    expect(loadConfig({ FINLINK_CONSOLE_PORT: "0", FINLINK_CONSOLE_URL: "http://127.0.0.1:9" }).console?.port).toBe(0);
  });

  it("refuses the API's port, unless both are 0 (each then gets its own free port)", () => {
    expect(() => loadConfig({ FINLINK_CONSOLE_PORT: "4010" })).toThrow(
      /FINLINK_CONSOLE_PORT must differ from FINLINK_PORT/,
    );
    expect(() => loadConfig({ FINLINK_PORT: "4011" })).toThrow(/FINLINK_CONSOLE_PORT must differ/);
    expect(
      loadConfig({ FINLINK_PORT: "0", FINLINK_CONSOLE_PORT: "0", FINLINK_CONSOLE_URL: "http://c.example" }).console,
    ).toEqual({ port: 0, publicUrl: "http://c.example" });
  });

  it("refuses a console URL on FINLINK_URL's or LINK_URL's origin, however spelled, and takes any other", () => {
    const api = { FINLINK_URL: "https://api.finlink.example" };
    for (const url of [
      "https://api.finlink.example",
      "https://API.finlink.example:443",
      "https://api.finlink.example/",
    ]) {
      expect(() => loadConfig({ ...api, FINLINK_CONSOLE_URL: url }), url).toThrow(
        /FINLINK_CONSOLE_URL \(https:\/\/api\.finlink\.example\) must not be FINLINK_URL's origin/,
      );
    }
    const link = { ...api, LINK_URL: "https://link.finlink.example/link" };
    expect(() => loadConfig({ ...link, FINLINK_CONSOLE_URL: "https://link.finlink.example" })).toThrow(
      /must not be LINK_URL's origin/,
    );
    // The default console URL (http://127.0.0.1:4011) clashes with an API published there.
    expect(() => loadConfig({ FINLINK_URL: "http://127.0.0.1:4011", FINLINK_PORT: "4010" })).toThrow(
      /FINLINK_URL's origin/,
    );
    for (const url of [
      "http://api.finlink.example",
      "https://api.finlink.example:8443",
      "https://ops.finlink.example",
    ]) {
      expect(loadConfig({ ...link, FINLINK_CONSOLE_URL: url }).console?.publicUrl, url).toBe(new URL(url).origin);
    }
  });

  it("refuses a console URL with a path, query or fragment (its pages are at /console on it), or no URL", () => {
    for (const url of ["https://ops.example/console", "https://ops.example/?a=1", "https://ops.example/#x"]) {
      expect(() => loadConfig({ FINLINK_CONSOLE_URL: url }), url).toThrow(
        /must be an origin only \(like https:\/\/ops\.example\)/,
      );
    }
    expect(() => loadConfig({ FINLINK_CONSOLE_URL: "ops.example" })).toThrow(/FINLINK_CONSOLE_URL/);
  });

  it("takes two ephemeral ports (0 and 0) as two origins, but not a console URL given as the API's", () => {
    expect(loadConfig({ FINLINK_PORT: "0", FINLINK_CONSOLE_PORT: "0" }).console?.port).toBe(0);
    expect(() =>
      loadConfig({ FINLINK_PORT: "0", FINLINK_CONSOLE_PORT: "0", FINLINK_CONSOLE_URL: "http://127.0.0.1:0" }),
    ).toThrow(/must not be FINLINK_URL's origin/);
  });

  it("outside sandbox mode: https or loopback only, and a host apart from the API's and Link's", () => {
    const production = {
      FINLINK_SANDBOX: "false",
      FINLINK_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      FINLINK_URL: "https://api.finlink.example",
    };
    const at = (url: string) => loadConfig({ ...production, FINLINK_CONSOLE_URL: url }).console?.publicUrl;
    for (const url of ["http://ops.finlink.example", "http://10.0.0.5:4011", "http://0.0.0.0:4011"]) {
      expect(() => at(url), url).toThrow(/must be https outside sandbox mode/);
    }
    // The default (http://127.0.0.1:4011) and other loopback spellings: reached through a tunnel, never in clear.
    expect(loadConfig(production).console?.publicUrl).toBe("http://127.0.0.1:4011");
    for (const url of ["http://localhost:4011", "http://127.0.0.2:4011", "http://[::1]:4011"]) {
      expect(at(url), url).toBe(url);
    }
    expect(at("https://ops.finlink.example")).toBe("https://ops.finlink.example");
    // Cookies ignore ports: on the API's or Link's host, even https on another port is refused.
    expect(() => at("https://api.finlink.example:8443")).toThrow(/must not be on FINLINK_URL's host/);
    expect(() =>
      loadConfig({
        ...production,
        LINK_URL: "https://link.finlink.example/link",
        FINLINK_CONSOLE_URL: "https://link.finlink.example:8443",
      }),
    ).toThrow(/must not be on LINK_URL's host/);
    // In sandbox mode (development) one host with two ports is the usual setup.
    const sandbox = {
      FINLINK_URL: "https://api.finlink.example",
      FINLINK_CONSOLE_URL: "https://api.finlink.example:8443",
    };
    expect(loadConfig(sandbox).console?.publicUrl).toBe("https://api.finlink.example:8443");
  });
});
