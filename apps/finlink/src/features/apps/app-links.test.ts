import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { checkAppLink, checkAppLinks, MAX_APP_LINK_LENGTH } from "./app-links";
import { createApp, getAppSettings, sandboxAppLinks, seedSandboxApp, updateAppLinks } from "./apps.service";

const https = { requireHttps: true };
const sandbox = { requireHttps: false };
const check = (value: string, policy = https) => checkAppLink("--terms-url", value, policy);
/** An https URL exactly `length` characters long. */
const urlOfLength = (length: number) => {
  const base = "https://app.example/";
  return base + "a".repeat(length - base.length);
};

describe("checkAppLink", () => {
  it("takes a URL of exactly the maximum length and refuses one character more", () => {
    expect(check(urlOfLength(MAX_APP_LINK_LENGTH))).toHaveLength(MAX_APP_LINK_LENGTH);
    expect(() => check(urlOfLength(MAX_APP_LINK_LENGTH + 1))).toThrow(
      `--terms-url is longer than ${MAX_APP_LINK_LENGTH} characters`,
    );
  });

  it("counts the length after normalising, which may lengthen it", () => {
    // Each "é" becomes "%C3%A9": 1 character in, 6 out.
    const short = `https://app.example/${"é".repeat(400)}`;
    expect(short.length).toBeLessThan(MAX_APP_LINK_LENGTH);
    expect(() => check(short)).toThrow(/longer than/);
  });

  it("requires https outside sandbox mode and takes http in it", () => {
    expect(() => check("http://app.example/terms")).toThrow("must use https (http is allowed in sandbox mode only)");
    expect(check("http://app.example/terms", sandbox)).toBe("http://app.example/terms");
    expect(check("https://app.example/terms")).toBe("https://app.example/terms");
    expect(check("https://app.example/terms", sandbox)).toBe("https://app.example/terms");
  });

  it("takes a page's section and query, and normalises the host", () => {
    expect(check("https://APP.example/legal?doc=terms#section-2")).toBe(
      "https://app.example/legal?doc=terms#section-2",
    );
  });

  const refused: [string, RegExp][] = [
    ["javascript:alert(1)", /must be http\(s\)/],
    ["data:text/html,<b>hi</b>", /must be http\(s\)/],
    ["ftp://app.example/terms", /must be http\(s\)/],
    ["mailto:legal@app.example", /must be http\(s\)/],
    ["/terms", /not an absolute URL/],
    ["app.example/terms", /not an absolute URL/],
    ["https://user:pw@app.example/terms", /must not carry a user name or password/],
    ["https://bank.example@app.example/terms", /must not carry a user name or password/],
    ["https://app.example/te rms", /spaces or control characters/],
    ["https://app.example/terms\n", /spaces or control characters/],
    ["https://app.example/\tterms", /spaces or control characters/],
  ];
  it.each(refused)("refuses %j", (value, reason) => {
    expect(() => check(value, sandbox)).toThrow(reason);
  });

  it("leaves out links not given, removes empty ones and checks the rest", () => {
    expect(checkAppLinks({}, https)).toEqual({});
    expect(checkAppLinks({ privacyPolicyUrl: "", termsUrl: null }, https)).toEqual({
      privacyPolicyUrl: null,
      termsUrl: null,
    });
    expect(checkAppLinks({ termsUrl: "https://app.example/terms" }, https)).toEqual({
      termsUrl: "https://app.example/terms",
    });
    expect(() => checkAppLinks({ privacyPolicyUrl: "http://app.example/p" }, https)).toThrow(
      /^The privacy policy URL 'http:\/\/app.example\/p' must use https/,
    );
  });
});

describe("an app's consent-screen links", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
  });
  afterAll(() => ctx.close());

  const newApp = (links: { privacyPolicyUrl?: string | null; termsUrl?: string | null }) =>
    createApp(ctx.services.database, { name: "Links", redirectUris: ["https://links.example/cb"], ...links });

  it("are stored at creation, answered by the settings API, and none by default", async () => {
    const app = await newApp({
      privacyPolicyUrl: "https://links.example/privacy",
      termsUrl: "https://links.example/t",
    });
    expect(app).toMatchObject({
      privacyPolicyUrl: "https://links.example/privacy",
      termsUrl: "https://links.example/t",
    });
    const res = await ctx.request("GET", "/api/v1/queries/app", { token: await ctx.login(app) });
    expect(await res.json()).toMatchObject({
      privacyPolicyUrl: "https://links.example/privacy",
      termsUrl: "https://links.example/t",
    });
    expect(await newApp({})).toMatchObject({ privacyPolicyUrl: null, termsUrl: null });
  });

  it("need https at creation unless the caller allows http (sandbox mode)", async () => {
    await expect(newApp({ termsUrl: "http://links.example/t" })).rejects.toThrow(/must use https/);
    const sandboxApp = await createApp(ctx.services.database, {
      name: "Sandbox links",
      redirectUris: ["http://localhost:4020/cb"],
      termsUrl: "http://localhost:4010/terms",
      linkPolicy: sandbox,
    });
    expect(sandboxApp.termsUrl).toBe("http://localhost:4010/terms");
  });

  it("are set, kept when not given, and removed with an empty value by an update", async () => {
    const { clientId } = await newApp({});
    const db = ctx.services.database;
    const set = await updateAppLinks(db, clientId, { privacyPolicyUrl: "https://links.example/p" }, https);
    expect(set).toMatchObject({ privacyPolicyUrl: "https://links.example/p", termsUrl: null });
    const both = await updateAppLinks(db, clientId, { termsUrl: "https://links.example/t" }, https);
    expect(both).toMatchObject({ privacyPolicyUrl: "https://links.example/p", termsUrl: "https://links.example/t" });
    const cleared = await updateAppLinks(db, clientId, { privacyPolicyUrl: "" }, https);
    expect(cleared).toMatchObject({ privacyPolicyUrl: null, termsUrl: "https://links.example/t" });

    await expect(updateAppLinks(db, clientId, { termsUrl: "javascript:alert(1)" }, https)).rejects.toThrow(/http\(s\)/);
    expect((await getAppSettings(db, clientId))?.termsUrl).toBe("https://links.example/t");
    await expect(updateAppLinks(db, crypto.randomUUID(), { termsUrl: "" }, https)).rejects.toThrow(/No app has/);
  });

  it("are seeded for the sandbox demo app on Finlink's own docs, and set again on every seed", async () => {
    const input = {
      clientId: crypto.randomUUID(),
      clientSecret: "a-secret-long-enough",
      redirectUris: ["http://localhost:4020/link/callback"],
      webhookUrl: null,
    };
    const links = sandboxAppLinks("http://127.0.0.1:4010");
    expect(links.privacyPolicyUrl).toBe("http://127.0.0.1:4010/api/v1/docs/guides/link-flow#consent");
    await seedSandboxApp(ctx.services.database, { ...input, ...links });
    expect(await getAppSettings(ctx.services.database, input.clientId)).toMatchObject(links);
    await seedSandboxApp(ctx.services.database, { ...input, privacyPolicyUrl: null, termsUrl: null });
    expect(await getAppSettings(ctx.services.database, input.clientId)).toMatchObject({
      privacyPolicyUrl: null,
      termsUrl: null,
    });
  });
});
