import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apps } from "../../../db/schema";
import { testBackends } from "../../../testing/backends";
import { createTestContext, type TestContext } from "../../../testing/test-context";
import { createApp } from "../../apps/apps.service";
import { consoleApi } from "./console-api.testing";

describe.each(testBackends())("the console's app operations (JSON) on %s", (_name, backend) => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof consoleApi>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    api = await consoleApi(ctx);
  });
  afterAll(() => ctx.close());

  const fresh = () => createApp(ctx.services.database, { name: "Scripted", redirectUris: ["https://s.example/cb"] });
  const login = (clientId: string, clientSecret: string) =>
    ctx.request("POST", "/api/v1/auth/login", { body: { clientId, clientSecret } });

  it("answers the operator and the session's CSRF token", async () => {
    expect(await api.expectJson(api.call("GET", "/session"), 200)).toEqual({
      username: api.op.username,
      csrfToken: api.op.csrf,
    });
  });

  it("creates an app whose one-time secret logs in, and lists it", async () => {
    const body = {
      name: "  Made by a script ",
      redirectUri: "https://made.example/cb",
      webhookUrl: "https://made.example/hooks",
      privacyPolicyUrl: "https://made.example/privacy",
      startFlowOnly: true,
    };
    const created = await api.expectJson(api.call("POST", "/apps", body), 201);
    expect(created.app).toMatchObject({
      name: "Made by a script",
      redirects: [{ uri: "https://made.example/cb" }],
      webhookUrl: "https://made.example/hooks",
      privacyPolicyUrl: "https://made.example/privacy",
      termsUrl: null,
      startFlowOnly: true,
    });
    expect((await login(created.app.clientId, created.clientSecret)).status).toBe(200);
    const list = await api.expectJson(api.call("GET", "/apps"), 200);
    expect(list).toContainEqual({
      clientId: created.app.clientId,
      name: "Made by a script",
      createdAt: expect.any(String),
    });
    // Never again: the app's settings carry no secret.
    const settings = await api.call("GET", `/apps/${created.app.clientId}`);
    expect(await settings.text()).not.toContain(created.clientSecret);
  });

  it("refuses a bad app with the console form's own words (400 INVALID_SETTING) and creates nothing", async () => {
    const before = (await ctx.services.database.db.select().from(apps)).length;
    for (const [body, words] of [
      [{ name: "", redirectUri: "https://x.example/cb" }, "An app needs a name"],
      [{ name: "x", redirectUri: "javascript:alert(1)" }, "must use https"],
      [{ name: "x", redirectUri: "https://x.example/cb", webhookUrl: "ftp://x.example" }, "https"],
      [{ name: "x", redirectUri: "https://x.example/cb", termsUrl: "javascript:alert(1)" }, "http(s)"],
      [{ name: "x".repeat(101), redirectUri: "https://x.example/cb" }, "at most 100 characters"],
    ] as const) {
      const problem = await api.expectProblem(api.call("POST", "/apps", body), 400, "INVALID_SETTING");
      expect(problem.detail, JSON.stringify(body)).toContain(words);
    }
    // Breaking the schema is the API's VALIDATION_ERROR, with the field named; a body that is not JSON, MALFORMED_JSON.
    const schema = await api.expectProblem(api.call("POST", "/apps", { name: 7 }), 400, "VALIDATION_ERROR");
    expect(schema.errors).toContainEqual(expect.objectContaining({ path: "name" }));
    await api.expectProblem(api.call("POST", "/apps", "{not json"), 400, "MALFORMED_JSON");
    await api.expectProblem(
      api.call("POST", "/apps", { name: "x\u0000", redirectUri: "https://x.example/cb" }),
      400,
      "VALIDATION_ERROR",
    );
    expect((await ctx.services.database.db.select().from(apps)).length).toBe(before);
  });

  it("renames, sets the webhook URL, links and start mode, each answering the settings", async () => {
    const { clientId } = await fresh();
    const path = (rest: string) => `/apps/${clientId}${rest}`;
    expect((await api.expectJson(api.call("PUT", path("/name"), { name: "  Renamed  " }), 200)).name).toBe("Renamed");
    const hook = await api.expectJson(
      api.call("PUT", path("/webhook-url"), { webhookUrl: "https://b.example/h" }),
      200,
    );
    expect(hook.webhookUrl).toBe("https://b.example/h");
    const links = await api.expectJson(
      api.call("PUT", path("/links"), { privacyPolicyUrl: "https://b.example/p", termsUrl: "https://b.example/t" }),
      200,
    );
    expect(links).toMatchObject({ privacyPolicyUrl: "https://b.example/p", termsUrl: "https://b.example/t" });
    // A link not given stays; "" removes one.
    expect(await api.expectJson(api.call("PUT", path("/links"), { termsUrl: "" }), 200)).toMatchObject({
      privacyPolicyUrl: "https://b.example/p",
      termsUrl: null,
    });
    expect(
      (await api.expectJson(api.call("PUT", path("/start-mode"), { startFlowOnly: true }), 200)).startFlowOnly,
    ).toBe(true);
    expect(
      (await api.expectJson(api.call("PUT", path("/webhook-url"), { webhookUrl: null }), 200)).webhookUrl,
    ).toBeNull();
    const [row] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, clientId));
    expect(row).toMatchObject({ name: "Renamed", webhookUrl: null, termsUrl: null, startFlowOnly: true });
    for (const [rest, body, words] of [
      ["/name", { name: " " }, "An app needs a name"],
      ["/webhook-url", { webhookUrl: "ftp://b.example/h" }, "https"],
      ["/links", { privacyPolicyUrl: "javascript:alert(1)" }, "http(s)"],
    ] as const) {
      const problem = await api.expectProblem(api.call("PUT", path(rest), body), 400, "INVALID_SETTING");
      expect(problem.detail).toContain(words);
    }
    await api.expectProblem(api.call("PUT", path("/start-mode"), { startFlowOnly: "yes" }), 400, "VALIDATION_ERROR");
    const [after] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, clientId));
    expect(after).toMatchObject({ name: "Renamed", webhookUrl: null, privacyPolicyUrl: "https://b.example/p" });
  });

  it("adds redirects up to 5 with their ids, removes them but the last, with the form's words", async () => {
    const app = await fresh();
    let settings = await api.expectJson(api.call("GET", `/apps/${app.clientId}`), 200);
    for (let i = 2; i <= 5; i++) {
      settings = await api.expectJson(
        api.call("POST", `/apps/${app.clientId}/redirects`, { redirectUri: `https://s.example/cb${i}` }),
        201,
      );
    }
    expect(settings.redirects).toHaveLength(5);
    expect(settings.redirects[4]).toEqual({ id: expect.any(String), uri: "https://s.example/cb5" });
    const sixth = api.call("POST", `/apps/${app.clientId}/redirects`, { redirectUri: "https://s.example/cb6" });
    expect((await api.expectProblem(sixth, 400, "INVALID_SETTING")).detail).toContain("at most 5 redirect URIs");
    const twice = api.call("POST", `/apps/${app.clientId}/redirects`, { redirectUri: "https://s.example/cb5" });
    expect((await api.expectProblem(twice, 400)).detail).toBeDefined();
    for (const redirect of settings.redirects.slice(1)) {
      await api.expectJson(api.call("DELETE", `/apps/${app.clientId}/redirects/${redirect.id}`), 200);
    }
    const last = api.call("DELETE", `/apps/${app.clientId}/redirects/${app.redirects[0]?.id}`);
    expect((await api.expectProblem(last, 400, "INVALID_SETTING")).detail).toContain("at least one redirect URI");
    const unknown = api.call("DELETE", `/apps/${app.clientId}/redirects/${crypto.randomUUID()}`);
    await api.expectProblem(unknown, 400, "INVALID_SETTING");
  });

  it("makes a secret shown once, lists ids and dates only, revokes it; 5 live at most", async () => {
    const app = await fresh();
    const made = await api.expectJson(api.call("POST", `/apps/${app.clientId}/secrets`), 201);
    expect(made).toEqual({ id: expect.any(String), secret: expect.stringMatching(/^fls_/) });
    expect((await login(app.clientId, made.secret)).status).toBe(200);
    const listed = await api.call("GET", `/apps/${app.clientId}/secrets`);
    const text = await listed.text();
    expect(text).not.toContain(made.secret);
    const secrets = JSON.parse(text);
    expect(secrets).toHaveLength(2);
    expect(Object.keys(secrets[1]).sort()).toEqual(["createdAt", "id", "revokedAt"]);
    const revoked = await api.expectJson(api.call("POST", `/apps/${app.clientId}/secrets/${made.id}/revoke`), 200);
    expect(revoked.find((s: { id: string }) => s.id === made.id).revokedAt).toEqual(expect.any(String));
    expect((await login(app.clientId, made.secret)).status).toBe(401);
    const again = api.call("POST", `/apps/${app.clientId}/secrets/${made.id}/revoke`);
    expect((await api.expectProblem(again, 400, "INVALID_SETTING")).detail).toContain("no live client secret");
    for (let i = 2; i <= 5; i++) await api.expectJson(api.call("POST", `/apps/${app.clientId}/secrets`), 201);
    const sixth = await api.expectProblem(api.call("POST", `/apps/${app.clientId}/secrets`), 400, "INVALID_SETTING");
    expect(sixth.detail).toContain("at most 5 client secrets");
    expect(JSON.stringify(sixth)).not.toMatch(/fls_/);
  });
});
