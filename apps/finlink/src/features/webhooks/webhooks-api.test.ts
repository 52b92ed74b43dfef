import { WebhookAttempt, WebhookEvent, WebhookEventPage } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { answer, type Receiver, startReceiver } from "../../testing/webhook-receiver";
import { attemptsOf, fire, stateOf, until } from "./webhook-fixtures.testing";

describe("the webhook delivery log API", () => {
  let ctx: TestContext;
  let receiver: Receiver;
  let token: string;
  let tokenB: string;
  const ids: string[] = [];
  const connectionIds: string[] = [];
  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext({ webhookUrl: receiver.url, webhookScheduleScale: 0.001 });
    token = await ctx.login();
    tokenB = await ctx.login(ctx.appB);
    receiver.behave(answer(200));
    for (let i = 0; i < 5; i++) ids.push(await fire(ctx));
    for (const id of ids) await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
    for (const id of ids) {
      const res = await ctx.request("GET", `/api/v1/queries/webhooks/${id}`, { token });
      connectionIds.push(WebhookEvent.parse(await res.json()).connectionId);
    }
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  const list = async (query: string, who = token) => {
    const res = await ctx.request("GET", `/api/v1/queries/webhooks${query}`, { token: who });
    expect(res.status).toBe(200);
    return WebhookEventPage.strict().parse(await res.json());
  };

  it("lists the app's events newest first, page by page, each exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.webhookId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const [first] = (await list("?limit=1")).data;
    expect(first?.delivery).toMatchObject({ state: "DELIVERED", attempts: 1, nextAttemptAt: null });
    expect(first?.delivery.deliveredAt).not.toBeNull();
  });

  it("filters by delivery state and by connection", async () => {
    expect((await list("?status=DELIVERED")).data).toHaveLength(5);
    expect((await list("?status=FAILED")).data).toHaveLength(0);
    const byConnection = await list(`?connectionId=${connectionIds[2]}`);
    expect(byConnection.data.map((e) => e.webhookId)).toEqual([ids[2]]);
  });

  it("never shows another app's events", async () => {
    expect((await list("", tokenB)).data).toHaveLength(0);
    for (const path of [`/api/v1/queries/webhooks/${ids[0]}`, `/api/v1/queries/webhooks/${ids[0]}/attempts`]) {
      const res = await ctx.request("GET", path, { token: tokenB });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ reason: "WEBHOOK_NOT_FOUND" });
    }
    const replay = await ctx.request("POST", `/api/v1/commands/webhooks/${ids[0]}/replay`, { token: tokenB });
    expect(replay.status).toBe(404);
  });

  it("shows one event's attempts", async () => {
    const res = await ctx.request("GET", `/api/v1/queries/webhooks/${ids[0]}/attempts`, { token });
    expect(res.status).toBe(200);
    const attempts = z.array(WebhookAttempt.strict()).parse(await res.json());
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ number: 1, statusCode: 200, url: receiver.url, error: null, manual: false });
  });

  it("replays a delivered event with the same webhookId, marked manual", async () => {
    const before = receiver.received.length;
    const res = await ctx.request("POST", `/api/v1/commands/webhooks/${ids[1]}/replay`, { token });
    expect(res.status).toBe(202);
    expect(WebhookEvent.parse(await res.json()).delivery.state).toBe("PENDING");
    await receiver.waitFor(before + 1);
    expect(receiver.bodies()[before]?.webhookId).toBe(ids[1]);
    await until("delivered again", async () => (await attemptsOf(ctx, ids[1] ?? "")).length === 2);
    const attempts = await attemptsOf(ctx, ids[1] ?? "");
    expect(attempts.map((a) => a.manual)).toEqual([false, true]);
  });

  it("refuses bad input with problem+json", async () => {
    for (const query of ["?status=LOST", "?connectionId=nope", "?limit=0", "?limit=1001", "?cursor=%21%21"]) {
      const res = await ctx.request("GET", `/api/v1/queries/webhooks${query}`, { token });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const forged = Buffer.from(JSON.stringify({ v: 2, t: new Date().toISOString(), i: ids[0] })).toString("base64url");
    const res = await ctx.request("GET", `/api/v1/queries/webhooks?cursor=${forged}`, { token });
    expect(await res.json()).toMatchObject({ status: 400, reason: "INVALID_CURSOR" });
    expect((await ctx.request("GET", "/api/v1/queries/webhooks/not-a-uuid", { token })).status).toBe(400);
    for (const body of [{}, { since: "yesterday" }, { since: new Date().toISOString(), extra: 1 }]) {
      const recover = await ctx.request("POST", "/api/v1/commands/webhooks/recover", { token, body });
      expect(recover.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("needs read to list and write to replay or recover", async () => {
    const readOnly = await ctx.login(ctx.appA, ["read"]);
    const writeOnly = await ctx.login(ctx.appA, ["write"]);
    expect((await ctx.request("GET", "/api/v1/queries/webhooks", { token: writeOnly })).status).toBe(403);
    expect((await ctx.request("GET", "/api/v1/queries/webhooks", { token: readOnly })).status).toBe(200);
    const replay = await ctx.request("POST", `/api/v1/commands/webhooks/${ids[0]}/replay`, { token: readOnly });
    expect(replay.status).toBe(403);
    const recover = await ctx.request("POST", "/api/v1/commands/webhooks/recover", {
      token: readOnly,
      body: { since: new Date().toISOString() },
    });
    expect(recover.status).toBe(403);
    expect((await ctx.request("GET", "/api/v1/queries/webhooks")).status).toBe(401);
  });

  it("shows the endpoint's health in the app's settings", async () => {
    const res = await ctx.request("GET", "/api/v1/queries/app", { token });
    expect(await res.json()).toMatchObject({
      webhookUrl: receiver.url,
      webhookStatus: { state: "ACTIVE", reason: null, failingSince: null },
    });
  });
});
