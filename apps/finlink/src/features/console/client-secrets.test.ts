import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createApp } from "../apps/apps.service";
import { consoleClient } from "./console.testing";

const secretOf = (html: string) => /<output class="secret"[^>]*>(fls_[\w-]+)<\/output>/.exec(html)?.[1];
const secretIds = (html: string) => [...html.matchAll(/\/secrets\/([0-9a-f-]{36})\/revoke/g)].map((m) => m[1] ?? "");

describe.each(testBackends())("client secrets and redirects in the console on %s", (_name, backend) => {
  let ctx: TestContext;
  let op: Awaited<ReturnType<ReturnType<typeof consoleClient>["operator"]>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    op = await consoleClient(ctx).operator();
  });
  afterAll(() => ctx.close());

  const login = (clientId: string, clientSecret: string) =>
    ctx.request("POST", "/api/v1/auth/login", { body: { clientId, clientSecret } });
  const fresh = () => createApp(ctx.services.database, { name: "Rotating", redirectUris: ["https://r.example/cb"] });

  it("a new secret is shown once and logs in beside the old one; revoked, it fails API login at once", async () => {
    const app = await fresh();
    const created = await op.post(`/console/apps/${app.clientId}/secrets`);
    expect(created.status).toBe(200);
    const secret = secretOf(await created.text());
    if (!secret) throw new Error("no secret shown");
    expect((await login(app.clientId, secret)).status).toBe(200);
    expect((await login(app.clientId, app.clientSecret)).status).toBe(200);
    // Never shown again: the settings page lists ids only.
    const settings = await (await op.get(`/console/apps/${app.clientId}`)).text();
    expect(settings).not.toContain(secret);
    const [oldId, newId] = secretIds(settings);
    expect(oldId).toBeDefined();
    expect(newId).toBeDefined();
    const revoked = await op.post(`/console/apps/${app.clientId}/secrets/${oldId}/revoke`);
    expect(revoked.status).toBe(200);
    const refused = await login(app.clientId, app.clientSecret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ reason: "INVALID_CLIENT" });
    expect((await login(app.clientId, secret)).status).toBe(200);
    // Revoking twice, or another app's secret, changes nothing and says so.
    expect((await op.post(`/console/apps/${app.clientId}/secrets/${oldId}/revoke`)).status).toBe(400);
    expect((await op.post(`/console/apps/${ctx.appB.clientId}/secrets/${newId}/revoke`)).status).toBe(400);
    expect((await login(app.clientId, secret)).status).toBe(200);
  });

  it("holds 5 live secrets, refuses the 6th, and takes one again after a revocation", async () => {
    const app = await fresh();
    for (let i = 2; i <= 5; i++) expect((await op.post(`/console/apps/${app.clientId}/secrets`)).status).toBe(200);
    const sixth = await op.post(`/console/apps/${app.clientId}/secrets`);
    expect(sixth.status).toBe(400);
    const page = await sixth.text();
    expect(page).toContain("at most 5 client secrets");
    expect(secretOf(page)).toBeUndefined();
    const [first] = secretIds(page);
    await op.post(`/console/apps/${app.clientId}/secrets/${first}/revoke`);
    expect((await op.post(`/console/apps/${app.clientId}/secrets`)).status).toBe(200);
  });

  it("holds 5 redirects, refuses the 6th, shows each with its id, and checks them as the API does", async () => {
    const app = await fresh();
    for (let i = 2; i <= 5; i++) {
      const res = await op.post(`/console/apps/${app.clientId}/redirects`, { redirectUri: `https://r.example/cb${i}` });
      expect(res.status).toBe(200);
    }
    const sixth = await op.post(`/console/apps/${app.clientId}/redirects`, { redirectUri: "https://r.example/cb6" });
    expect(sixth.status).toBe(400);
    const page = await sixth.text();
    expect(page).toContain("at most 5 redirect URIs");
    const ids = [...page.matchAll(/\/redirects\/([0-9a-f-]{36})\/delete/g)].map((m) => m[1]);
    expect(ids).toHaveLength(5);
    for (const id of ids) expect(page).toContain(`<code>${id}</code>`);
    const bad = await op.post(`/console/apps/${app.clientId}/redirects`, { redirectUri: "https://[::1]/cb" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("must not have an IPv6 address");
    await op.post(`/console/apps/${app.clientId}/redirects/${ids[0]}/delete`);
    const plain = await op.post(`/console/apps/${app.clientId}/redirects`, { redirectUri: "http://app.example/cb" });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain("must use https");
  });

  it("keeps an app's last redirect", async () => {
    const app = await fresh();
    const res = await op.post(`/console/apps/${app.clientId}/redirects/${app.redirects[0]?.id}/delete`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("at least one redirect URI");
  });
});
