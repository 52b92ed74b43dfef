import { createHash } from "node:crypto";
import { WebhookPayload } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apps, webhookEvents } from "../../db/schema";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { answer, hang, hangUp, type Receiver, startReceiver } from "../../testing/webhook-receiver";
import { deliverWebhook } from "./delivery";
import { FAILING_AFTER_MS, RETRY_SCHEDULE_SECONDS } from "./schedule";
import { appRow, attemptsOf, eventRow, fire, stateOf, until } from "./webhook-fixtures.testing";

// Delays of the real schedule × 0.001: 5 ms, 300 ms, 1.8 s … so a test sees several retries in seconds.
const SCALE = 0.001;

describe("webhook delivery", () => {
  let ctx: TestContext;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext({ webhookUrl: receiver.url, webhookScheduleScale: SCALE, webhookTimeoutMs: 400 });
  });
  afterEach(async () => {
    receiver.behave(answer(200, "ok"));
    await receiver.up().catch(() => {});
    receiver.received.length = 0;
    // Each test starts from a healthy endpoint.
    await ctx.services.database.db
      .update(apps)
      .set({ webhookState: "ACTIVE", webhookStateReason: null, webhookFailingSince: null })
      .where(eq(apps.id, ctx.appA.clientId));
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  it("POSTs the thin JSON body with a vumi-verification ES256 JWT over its exact bytes", async () => {
    const id = await fire(ctx, "CONNECTION_READY");
    const [got] = await receiver.waitFor(1);
    if (!got) throw new Error("nothing received");
    expect(got.headers["content-type"]).toBe("application/json");
    const body = WebhookPayload.strict().parse(JSON.parse(got.body));
    expect(body).toMatchObject({ webhookId: id, type: "CONNECTION_READY", status: "READY", externalId: "user-1" });
    expect(Object.keys(JSON.parse(got.body)).sort()).toEqual(
      ["connectionId", "externalId", "occurredAt", "status", "type", "webhookId"].sort(),
    );
    const jwt = String(got.headers["vumi-verification"]);
    const header = decodeProtectedHeader(jwt);
    expect(header).toEqual({ alg: "ES256", kid: ctx.services.keys.currentKid("webhook"), typ: "JWT" });
    const claims = decodeJwt(jwt);
    expect(Object.keys(claims).sort()).toEqual(["iat", "request_body_sha256"]);
    expect(claims.request_body_sha256).toBe(createHash("sha256").update(got.body).digest("hex"));
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(5);
    // The key the JWK endpoint publishes verifies it.
    const jwk = (await (await ctx.request("GET", `/api/v1/webhook_verification/${header.kid}`)).json()) as JWK;
    await expect(compactVerify(jwt, await importJWK(jwk, "ES256"))).resolves.toBeTruthy();
    await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
    const [attempt] = await attemptsOf(ctx, id);
    expect(attempt).toMatchObject({ number: 1, statusCode: 200, response: "ok", error: null, url: receiver.url });
  });

  it("retries a 500 with the same webhookId and a new signature, and records each attempt", async () => {
    let calls = 0;
    receiver.behave((req, res, received) => {
      calls++;
      answer(calls < 3 ? 500 : 204, calls < 3 ? `boom ${"x".repeat(5000)}` : "")(req, res, received);
    });
    const id = await fire(ctx);
    await receiver.waitFor(3);
    await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
    const ids = receiver.bodies().map((b) => b.webhookId);
    expect(ids).toEqual([id, id, id]);
    const signatures = new Set(receiver.received.map((r) => r.headers["vumi-verification"]));
    expect(signatures.size).toBe(3);
    const attempts = await attemptsOf(ctx, id);
    expect(attempts.map((a) => [a.number, a.statusCode, a.error])).toEqual([
      [1, 500, "HTTP 500"],
      [2, 500, "HTTP 500"],
      [3, 204, null],
    ]);
    // The first 2 KB of the answer, not all of it.
    expect(attempts[0]?.response).toHaveLength(2048);
    expect(attempts[0]?.response?.startsWith("boom xx")).toBe(true);
    expect((await eventRow(ctx, id)).attempts).toBe(3);
    // A success clears the endpoint's failing clock.
    expect((await appRow(ctx)).webhookFailingSince).toBeNull();
  });

  it("waits as Retry-After asks on 429, but never past twice the scheduled delay", async () => {
    let calls = 0;
    receiver.behave((req, res, received) => {
      calls++;
      if (calls === 1) answer(429, "slow down", { "retry-after": "3600" })(req, res, received);
      else answer(200)(req, res, received);
    });
    const id = await fire(ctx);
    await until("the first attempt", async () => (await eventRow(ctx, id)).attempts === 1);
    const row = await eventRow(ctx, id);
    const waited = (row.nextAttemptAt?.getTime() ?? 0) - (row.lastAttemptAt?.getTime() ?? 0);
    // Scheduled: 5 s × SCALE ± 20 % = 4–6 ms; an hour asked; two scheduled delays at most.
    expect(waited).toBeGreaterThanOrEqual(2 * 4);
    expect(waited).toBeLessThanOrEqual(2 * 6 + 1);
    await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
  });

  it("disables the endpoint at once on 410: later events wait, recover sends them all", async () => {
    receiver.behave(answer(410, "gone"));
    const first = await fire(ctx);
    await until("disabled", async () => (await appRow(ctx)).webhookState === "DISABLED");
    expect(await stateOf(ctx, first)).toBe("WAITING");
    expect(receiver.received).toHaveLength(1);
    const second = await fire(ctx);
    await until("held", async () => (await stateOf(ctx, second)) === "WAITING");
    expect(await attemptsOf(ctx, second)).toHaveLength(0);
    expect(receiver.received).toHaveLength(1);

    receiver.behave(answer(200));
    const token = await ctx.login();
    const res = await ctx.request("POST", "/api/v1/commands/webhooks/recover", {
      token,
      body: { since: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ replayed: 2, endpoint: { state: "ACTIVE" } });
    await until("both delivered", async () => (await stateOf(ctx, first)) === "DELIVERED");
    await until("both delivered", async () => (await stateOf(ctx, second)) === "DELIVERED");
    expect(new Set(receiver.bodies().map((b) => b.webhookId))).toEqual(new Set([first, second]));
  });

  it("never follows a redirect: a 3xx is a failed attempt", async () => {
    const target = await startReceiver();
    try {
      let calls = 0;
      receiver.behave((req, res, received) => {
        calls++;
        if (calls === 1) answer(307, "", { location: target.url })(req, res, received);
        else answer(200)(req, res, received);
      });
      const id = await fire(ctx);
      await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
      expect(target.received).toHaveLength(0);
      const [first] = await attemptsOf(ctx, id);
      expect(first?.statusCode).toBe(307);
      expect(first?.error).toMatch(/redirects are not followed/);
    } finally {
      await target.close();
    }
  });

  it.each([
    ["hangs past the deadline", hang, /^TIMEOUT/],
    ["closes the socket", hangUp, /^CONNECTION_RESET/],
  ])("retries when the receiver %s", async (_name, behaviour, error) => {
    let calls = 0;
    receiver.behave((req, res, received) => {
      calls++;
      (calls === 1 ? behaviour : answer(200))(req, res, received);
    });
    const id = await fire(ctx);
    await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED");
    const [first, second] = await attemptsOf(ctx, id);
    expect(first?.statusCode).toBeNull();
    expect(first?.error).toMatch(error);
    expect(second?.statusCode).toBe(200);
    if (behaviour === hang) expect(first?.latencyMs).toBeGreaterThanOrEqual(390);
  });

  it("retries while the receiver is down and delivers once it is back", async () => {
    await receiver.down();
    const id = await fire(ctx);
    await until("two refused attempts", async () => (await attemptsOf(ctx, id)).length >= 2);
    const [first] = await attemptsOf(ctx, id);
    expect(first?.error).toMatch(/^CONNECTION_REFUSED/);
    await receiver.up();
    await until("delivered", async () => (await stateOf(ctx, id)) === "DELIVERED", 15_000);
    expect(receiver.bodies().map((b) => b.webhookId)).toEqual([id]);
  });

  it("skips events of an app without a webhook URL", async () => {
    const id = await fire(ctx, "CONNECTION_READY", ctx.appB.clientId);
    await until("skipped", async () => (await stateOf(ctx, id)) === "SKIPPED");
    expect(await attemptsOf(ctx, id)).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("sends an event once when two jobs for it run at the same time (the lease)", async () => {
    receiver.behave((req, res, received) => setTimeout(() => answer(200)(req, res, received), 100));
    const id = await ctx.services.database.transaction(async (tx) => {
      const [row] = await tx
        .insert(webhookEvents)
        .values({
          id: crypto.randomUUID(),
          appId: ctx.appA.clientId,
          type: "CONNECTION_UPDATED",
          connectionId: crypto.randomUUID(),
          externalId: null,
          status: "READY",
          occurredAt: new Date(),
          nextAttemptAt: new Date(),
        })
        .returning();
      return row?.id ?? "";
    });
    await Promise.all([deliverWebhook(ctx.services, { eventId: id }), deliverWebhook(ctx.services, { eventId: id })]);
    expect(receiver.received).toHaveLength(1);
    expect(await attemptsOf(ctx, id)).toHaveLength(1);
    // Delivered: a stale job later sends nothing.
    await deliverWebhook(ctx.services, { eventId: id });
    expect(receiver.received).toHaveLength(1);
  });
});

describe("webhook delivery when attempts keep failing", () => {
  let ctx: TestContext;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    // 5 ms, 300 ms … 36 s × 0.0002: the whole schedule in ~10 s.
    ctx = await createTestContext({ webhookUrl: receiver.url, webhookScheduleScale: 0.0002, webhookTimeoutMs: 400 });
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  it("marks the endpoint failing once an event has spent its schedule; later events wait; recover sends both", async () => {
    receiver.behave(answer(500));
    const failed = await fire(ctx);
    await until("failed", async () => (await stateOf(ctx, failed)) === "FAILED", 30_000);
    // The first attempt and one per delay of the schedule.
    expect(await attemptsOf(ctx, failed)).toHaveLength(RETRY_SCHEDULE_SECONDS.length + 1);
    const app = await appRow(ctx);
    expect(app.webhookState).toBe("FAILING");
    expect(app.webhookStateReason).toMatch(/after 8 attempts/);
    const held = await fire(ctx);
    await until("held", async () => (await stateOf(ctx, held)) === "WAITING");
    expect(await attemptsOf(ctx, held)).toHaveLength(0);

    receiver.behave(answer(200));
    const before = receiver.received.length;
    const token = await ctx.login();
    // An event that failed before `since` is not replayed; held ones always are.
    const late = await ctx.request("POST", "/api/v1/commands/webhooks/recover", {
      token,
      body: { since: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(await late.json()).toMatchObject({ replayed: 1 });
    await until("held one delivered", async () => (await stateOf(ctx, held)) === "DELIVERED");
    expect(await stateOf(ctx, failed)).toBe("FAILED");
    const res = await ctx.request("POST", "/api/v1/commands/webhooks/recover", {
      token,
      body: { since: new Date(Date.now() - 3_600_000).toISOString() },
    });
    expect(await res.json()).toMatchObject({ replayed: 1, endpoint: { state: "ACTIVE", failingSince: null } });
    await until("failed one delivered", async () => (await stateOf(ctx, failed)) === "DELIVERED");
    expect(
      receiver
        .bodies()
        .slice(before)
        .map((b) => b.webhookId),
    ).toEqual([held, failed]);
  }, 40_000);

  it("sends a replayed event even while the endpoint is failing, and holds the others", async () => {
    await ctx.services.database.db
      .update(apps)
      .set({ webhookState: "FAILING", webhookStateReason: "test" })
      .where(eq(apps.id, ctx.appA.clientId));
    receiver.behave(answer(200));
    const held = await fire(ctx);
    const replayed = await fire(ctx);
    await until("both held", async () => (await stateOf(ctx, held)) === "WAITING");
    await until("both held", async () => (await stateOf(ctx, replayed)) === "WAITING");
    const before = receiver.received.length;
    const token = await ctx.login();
    const res = await ctx.request("POST", `/api/v1/commands/webhooks/${replayed}/replay`, { token });
    expect(res.status).toBe(202);
    await until("replayed", async () => (await stateOf(ctx, replayed)) === "DELIVERED");
    expect(
      receiver
        .bodies()
        .slice(before)
        .map((b) => b.webhookId),
    ).toEqual([replayed]);
    expect(await stateOf(ctx, held)).toBe("WAITING");
    // A replay does not re-enable the endpoint: recover does.
    expect((await appRow(ctx)).webhookState).toBe("FAILING");
  });

  it("marks the endpoint failing after 5 days of failures, whatever the schedule says", async () => {
    receiver.behave(answer(500));
    const justUnder = new Date(Date.now() - FAILING_AFTER_MS + 60_000);
    await ctx.services.database.db
      .update(apps)
      .set({ webhookState: "ACTIVE", webhookFailingSince: justUnder })
      .where(eq(apps.id, ctx.appA.clientId));
    const id = await fire(ctx);
    await until("one attempt", async () => (await attemptsOf(ctx, id)).length >= 1);
    await until("rescheduled", async () => (await eventRow(ctx, id)).attempts >= 1);
    expect((await appRow(ctx)).webhookState).toBe("ACTIVE");
    await ctx.services.database.db
      .update(apps)
      .set({ webhookFailingSince: new Date(Date.now() - FAILING_AFTER_MS) })
      .where(eq(apps.id, ctx.appA.clientId));
    await until("failed", async () => (await stateOf(ctx, id)) === "FAILED");
    expect((await appRow(ctx)).webhookStateReason).toMatch(/5 days/);
    expect((await attemptsOf(ctx, id)).length).toBeLessThan(RETRY_SCHEDULE_SECONDS.length + 1);
  });
});

describe("webhook delivery's SSRF guard", () => {
  let ctx: TestContext;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext({ webhookUrl: receiver.url, webhookAllowPrivate: false, webhookScheduleScale: 1 });
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  it("refuses a loopback receiver unless private addresses are allowed, and says why in the attempt", async () => {
    const id = await fire(ctx);
    await until("an attempt", async () => (await attemptsOf(ctx, id)).length === 1);
    const [attempt] = await attemptsOf(ctx, id);
    expect(attempt?.statusCode).toBeNull();
    expect(attempt?.error).toMatch(/^BLOCKED_ADDRESS/);
    expect(receiver.received).toHaveLength(0);
    expect(await stateOf(ctx, id)).toBe("PENDING");
  });
});
