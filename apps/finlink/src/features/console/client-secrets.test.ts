import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRedirects } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createApp } from "../apps/apps.service";
import {
  createClientSecret,
  listClientSecrets,
  liveSecretHashes,
  MAX_CLIENT_SECRETS,
  revokeClientSecret,
} from "../apps/client-secrets.service";
import { SettingsError } from "../apps/settings-error";
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

  it("registers a redirect URI once: the same one again, as normalised, is refused and nothing is added", async () => {
    const app = await fresh();
    const again = await op.post(`/console/apps/${app.clientId}/redirects`, { redirectUri: " https://R.example/cb " });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("is registered already");
    const rows = await ctx.services.database.db.select().from(appRedirects).where(eq(appRedirects.appId, app.clientId));
    expect(rows.map((r) => r.uri)).toEqual(["https://r.example/cb"]);
  });

  describe("the service itself", () => {
    const db = () => ctx.services.database;

    it("lists an app's secrets oldest first with ids and dates only, its own only", async () => {
      const app = await fresh();
      const second = await createClientSecret(db(), app.clientId);
      const listed = await listClientSecrets(db(), app.clientId);
      expect(listed).toHaveLength(2);
      expect(listed[1]?.id).toBe(second.id);
      for (const s of listed) expect(Object.keys(s).sort()).toEqual(["createdAt", "id", "revokedAt"]);
      expect(listed.every((s) => s.createdAt instanceof Date && s.revokedAt === null)).toBe(true);
      expect((await listClientSecrets(db(), ctx.appB.clientId)).map((s) => s.id)).not.toContain(second.id);
    });

    it("answers a new secret once (fls_…), and only its hash is kept among the live ones", async () => {
      const app = await fresh();
      const made = await createClientSecret(db(), app.clientId);
      expect(made.secret).toMatch(/^fls_[\w-]{20,}$/);
      const live = await liveSecretHashes(db().db, app.clientId);
      expect(live.map((s) => s.id)).toContain(made.id);
      expect(live.every((s) => s.secretHash !== made.secret && !s.secretHash.includes(made.secret))).toBe(true);
    });

    it("revokes with the given time; a revoked secret is no longer live; twice or another app's is refused", async () => {
      const app = await fresh();
      const made = await createClientSecret(db(), app.clientId);
      const at = new Date("2026-12-01T10:00:00.000Z");
      await expect(revokeClientSecret(db(), ctx.appB.clientId, made.id, at)).rejects.toThrow(SettingsError);
      await revokeClientSecret(db(), app.clientId, made.id, at);
      const listed = (await listClientSecrets(db(), app.clientId)).find((s) => s.id === made.id);
      expect(listed?.revokedAt?.toISOString()).toBe(at.toISOString());
      expect((await liveSecretHashes(db().db, app.clientId)).map((s) => s.id)).not.toContain(made.id);
      await expect(revokeClientSecret(db(), app.clientId, made.id, new Date())).rejects.toThrow(
        "This app has no live client secret with that id",
      );
      // The first revocation's time stays.
      const again = (await listClientSecrets(db(), app.clientId)).find((s) => s.id === made.id);
      expect(again?.revokedAt?.toISOString()).toBe(at.toISOString());
    });

    it("takes the 5th live secret and refuses the 6th, revoked ones not counted", async () => {
      const app = await fresh();
      const ids = [];
      for (let live = 1; live < MAX_CLIENT_SECRETS; live++) ids.push((await createClientSecret(db(), app.clientId)).id);
      expect(await liveSecretHashes(db().db, app.clientId)).toHaveLength(MAX_CLIENT_SECRETS);
      await expect(createClientSecret(db(), app.clientId)).rejects.toThrow(
        `An app holds at most ${MAX_CLIENT_SECRETS} client secrets: revoke one first`,
      );
      await revokeClientSecret(db(), app.clientId, ids[0] ?? "", new Date());
      await createClientSecret(db(), app.clientId);
      expect(await liveSecretHashes(db().db, app.clientId)).toHaveLength(MAX_CLIENT_SECRETS);
    });

    it("two at once cannot make a sixth: the count runs under the app's row lock", async () => {
      const app = await fresh();
      for (let live = 1; live < MAX_CLIENT_SECRETS - 1; live++) await createClientSecret(db(), app.clientId);
      const results = await Promise.allSettled([1, 2, 3].map(() => createClientSecret(db(), app.clientId)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await liveSecretHashes(db().db, app.clientId)).toHaveLength(MAX_CLIENT_SECRETS);
    });
  });
});
