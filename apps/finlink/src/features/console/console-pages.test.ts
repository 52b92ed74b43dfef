import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appClientSecrets, apps, connections, signingKeys } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { connectDirectly } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { answer, type Receiver, startReceiver } from "../../testing/webhook-receiver";
import { eventRow, fire } from "../webhooks/webhook-fixtures.testing";
import { consoleApi } from "./api/console-api.testing";
import { consoleClient } from "./console.testing";

const WAIT = { timeout: 20_000, interval: 50 };
const secretOf = (html: string) => /<output class="secret"[^>]*>(fls_[\w-]+)<\/output>/.exec(html)?.[1];

describe.each(testBackends())("console pages on %s", (_name, backend) => {
  let ctx: TestContext;
  let receiver: Receiver;
  let op: Awaited<ReturnType<ReturnType<typeof consoleClient>["operator"]>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext({ backend, webhookUrl: receiver.url, webhookScheduleScale: 1000 });
    op = await consoleClient(ctx).operator();
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  it("creates an app with a redirect, a webhook URL and links; its secret logs in", async () => {
    const res = await op.post("/console/apps", {
      name: "Made in the console",
      redirectUri: "https://made.example/cb",
      webhookUrl: "https://made.example/hooks",
      privacyPolicyUrl: "https://made.example/privacy",
      termsUrl: "",
      startFlowOnly: "true",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const clientId = /<code>([0-9a-f-]{36})<\/code>/.exec(html)?.[1] ?? "";
    const secret = secretOf(html) ?? "";
    const login = await ctx.request("POST", "/api/v1/auth/login", { body: { clientId, clientSecret: secret } });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    const settings = await (await ctx.request("GET", "/api/v1/queries/app", { token })).json();
    expect(settings).toMatchObject({
      name: "Made in the console",
      redirects: [{ uri: "https://made.example/cb" }],
      webhookUrl: "https://made.example/hooks",
      privacyPolicyUrl: "https://made.example/privacy",
      termsUrl: null,
    });
    const [row] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, clientId));
    expect(row?.startFlowOnly).toBe(true);
    const list = await (await op.get("/console/apps")).text();
    expect(list).toContain("Made in the console");
  });

  it("refuses a bad app with the rule in words and creates nothing", async () => {
    const before = (await ctx.services.database.db.select().from(apps)).length;
    for (const [form, words] of [
      [{ name: "", redirectUri: "https://x.example/cb" }, "needs a name"],
      [{ name: "x", redirectUri: "javascript:alert(1)" }, "must use https"],
      [{ name: "x", redirectUri: "https://x.example/cb", webhookUrl: "ftp://x.example" }, "https"],
      [{ name: "x", redirectUri: "https://x.example/cb", termsUrl: "javascript:alert(1)" }, "http(s)"],
    ] as const) {
      const res = await op.post("/console/apps", form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain(words);
    }
    expect((await ctx.services.database.db.select().from(apps)).length).toBe(before);
  });

  it("renames, sets the webhook URL, links and start mode of an app", async () => {
    const id = ctx.appB.clientId;
    expect((await op.post(`/console/apps/${id}/name`, { name: "  App B2  " })).status).toBe(200);
    expect((await op.post(`/console/apps/${id}/webhook-url`, { webhookUrl: "https://b.example/h" })).status).toBe(200);
    expect(
      (await op.post(`/console/apps/${id}/links`, { privacyPolicyUrl: "https://b.example/p", termsUrl: "" })).status,
    ).toBe(200);
    expect((await op.post(`/console/apps/${id}/start-mode`, { startFlowOnly: "true" })).status).toBe(200);
    const [row] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, id));
    expect(row).toMatchObject({
      name: "App B2",
      webhookUrl: "https://b.example/h",
      privacyPolicyUrl: "https://b.example/p",
      termsUrl: null,
      startFlowOnly: true,
    });
    expect((await op.post(`/console/apps/${id}/webhook-url`, { webhookUrl: "" })).status).toBe(200);
    expect((await op.post(`/console/apps/${id}/name`, { name: "" })).status).toBe(400);
    const [after] = await ctx.services.database.db.select().from(apps).where(eq(apps.id, id));
    expect(after).toMatchObject({ name: "App B2", webhookUrl: null });
  });

  it("answers 404 for an unknown app, a malformed id or an unknown path", async () => {
    for (const path of [
      `/console/apps/${crypto.randomUUID()}`,
      "/console/apps/not-a-uuid/connections",
      "/console/nope",
    ]) {
      expect((await op.get(path)).status, path).toBe(404);
    }
  });

  it("lists an app's connections with their status and errors in words, and deletes one", async () => {
    const good = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId: "ext-good" });
    const page = await (await op.get(`/console/apps/${ctx.appA.clientId}/connections`)).text();
    expect(page).toContain(good.connectionId);
    expect(page).toContain("ext-good");
    expect(page).toContain("sandbox_bank");
    await ctx.services.database.db
      .update(connections)
      .set({ status: "ERROR", errorDetails: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: false } })
      .where(eq(connections.id, good.connectionId));
    const es = await (
      await ctx.consoleApp.request(`/console/apps/${ctx.appA.clientId}/connections?lang=es`, {
        headers: { Cookie: `finlink_console=${op.cookie}` },
      })
    ).text();
    expect(es).toContain("La entidad rechazó las credenciales");
    expect(es).toContain('<html lang="es">');
    const deleted = await op.post(`/console/apps/${ctx.appA.clientId}/connections/${good.connectionId}/delete`);
    expect(deleted.status).toBe(200);
    expect(
      await ctx.services.database.db.select().from(connections).where(eq(connections.id, good.connectionId)),
    ).toEqual([]);
    // Another app's connection is not this app's to delete.
    const other = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", app: ctx.appB });
    expect((await op.post(`/console/apps/${ctx.appA.clientId}/connections/${other.connectionId}/delete`)).status).toBe(
      404,
    );
  });

  it("replays a failed webhook from the console and it arrives; recover re-enables the endpoint", async () => {
    receiver.behave(answer(500, "down"));
    const id = await fire(ctx);
    await expect.poll(async () => (await eventRow(ctx, id)).attempts, WAIT).toBeGreaterThanOrEqual(1);
    const log = await (await op.get(`/console/apps/${ctx.appA.clientId}/webhooks`)).text();
    expect(log).toContain(id);
    const detail = await (await op.get(`/console/apps/${ctx.appA.clientId}/webhooks/${id}`)).text();
    expect(detail).toContain("down");
    expect(detail).toContain("<td>500</td>");
    receiver.behave(answer(200, "ok"));
    const replay = await op.post(`/console/apps/${ctx.appA.clientId}/webhooks/${id}/replay`);
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe(`/console/apps/${ctx.appA.clientId}/webhooks/${id}?done=replayed`);
    await expect.poll(async () => (await eventRow(ctx, id)).deliveryState, WAIT).toBe("DELIVERED");
    expect(receiver.bodies().some((b) => b.webhookId === id)).toBe(true);
    await ctx.services.database.db.update(apps).set({ webhookState: "DISABLED" }).where(eq(apps.id, ctx.appA.clientId));
    expect(await (await op.get(`/console/apps/${ctx.appA.clientId}/webhooks`)).text()).toContain("State: DISABLED");
    const recover = await op.post(`/console/apps/${ctx.appA.clientId}/webhooks/recover`, { since: "2026-01-01T00:00" });
    expect(recover.status).toBe(200);
    expect(await recover.text()).toContain("State: ACTIVE");
    expect((await op.post(`/console/apps/${ctx.appA.clientId}/webhooks/recover`, { since: "" })).status).toBe(400);
  });

  it("shows each entity's status as Link does", async () => {
    const page = await (await op.get("/console/entities")).text();
    expect(page).toMatch(/sandbox_bank_down<\/code><\/td>[\s\S]*?class="down"/);
    expect(page).toMatch(/sandbox_bank<\/code><\/td>[\s\S]*?class="up"/);
  });

  it("no page shows a client secret, a token, a hash or signing material", async () => {
    const connect = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId: "scan" });
    await fire(ctx);
    const created = secretOf(await (await op.post(`/console/apps/${ctx.appA.clientId}/secrets`)).text()) ?? "";
    const hashes = (await ctx.services.database.db.select().from(appClientSecrets)).map((s) => s.secretHash);
    const keys = await ctx.services.database.db.select().from(signingKeys);
    const privateParts = keys.map(
      (k) => ctx.services.cipher.decryptJson<{ d: string }>(k.privateJwkEnc, `signing-key:${k.kid}`).d,
    );
    const secrets = [
      ctx.appA.clientSecret,
      ctx.appB.clientSecret,
      created,
      connect.publicToken,
      connect.connectionToken,
      sha256(connect.connectionToken),
      sha256(connect.publicToken),
      connect.apiToken,
      op.cookie,
      ...hashes.map((h) => h.split("$")[1] ?? h),
      ...keys.map((k) => k.privateJwkEnc),
      ...privateParts,
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(20);
    const events = (await ctx.services.database.db.select().from(connections)).length;
    expect(events).toBeGreaterThan(0);
    const eventIds = [
      ...(await (await op.get(`/console/apps/${ctx.appA.clientId}/webhooks`)).text()).matchAll(
        /webhooks\/([0-9a-f-]{36})"/g,
      ),
    ].map((m) => m[1]);
    expect(eventIds.length).toBeGreaterThan(0);
    const pages = [
      "/console/sign-in",
      "/console/apps",
      "/console/entities",
      ...[ctx.appA.clientId, ctx.appB.clientId].flatMap((id) => [
        `/console/apps/${id}`,
        `/console/apps/${id}/connections`,
        `/console/apps/${id}/webhooks`,
      ]),
      ...eventIds.map((e) => `/console/apps/${ctx.appA.clientId}/webhooks/${e}`),
    ];
    for (const path of pages) {
      const res = await op.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      for (const s of secrets) expect(html.includes(s), `${path} shows a secret`).toBe(false);
    }
  });
});

describe.each(testBackends())("webhook URLs from the console under the SSRF rules on %s", (_name, backend) => {
  // Outside sandbox mode: no private addresses (the other tests allow them for their local receiver).
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof consoleApi>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, webhookAllowPrivate: false });
    api = await consoleApi(ctx);
  });
  afterAll(() => ctx.close());

  const blocked = "https://10.0.0.7/hook";
  const hookOf = async (id: string) =>
    (await ctx.services.database.db.select().from(apps).where(eq(apps.id, id)))[0]?.webhookUrl;

  it("the settings form and PUT …/webhook-url refuse a private address in the same words, and store nothing", async () => {
    const id = ctx.appA.clientId;
    const before = await hookOf(id);
    const res = await api.client.request("POST", `/console/apps/${id}/webhook-url`, {
      cookie: api.op.cookie,
      form: { _csrf: api.op.csrf, webhookUrl: blocked },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("blocked address");
    const problem = await api.expectProblem(
      api.call("PUT", `/apps/${id}/webhook-url`, { webhookUrl: blocked }),
      400,
      "INVALID_SETTING",
    );
    expect(problem.detail).toContain("blocked address");
    expect(await hookOf(id)).toBe(before);
  });

  it("the create form and POST /apps refuse one too, and create nothing", async () => {
    const count = async () => (await ctx.services.database.db.select().from(apps)).length;
    const before = await count();
    const app = { name: "Private hook", redirectUri: "https://x.example/cb", webhookUrl: blocked };
    const res = await api.client.request("POST", "/console/apps", {
      cookie: api.op.cookie,
      form: { _csrf: api.op.csrf, ...app },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("blocked address");
    const problem = await api.expectProblem(api.call("POST", "/apps", app), 400, "INVALID_SETTING");
    expect(problem.detail).toContain("blocked address");
    expect(await count()).toBe(before);
  });
});
