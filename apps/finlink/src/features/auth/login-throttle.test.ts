import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appClientSecrets } from "../../db/schema";
import { hashSecret, SecretVerifier } from "../../lib/crypto";
import { gatedScrypt, legacyScryptHash } from "../../lib/crypto.testing";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { LOGIN_CHECK_CONCURRENCY, LOGIN_CHECK_QUEUE } from "./login-throttle";

// Floods of logins, as an attacker who knows an app's public client id sends them (behind one trusted proxy,
// so X-Forwarded-For names the client). scrypt — only for apps still holding an older scrypt hash — is
// gated: the tests see what reached it, and hold it there.

describe.each(testBackends())("login floods on %s", (_name, backend) => {
  let ctx: TestContext;
  let apiToken: string;
  let scrypt: ReturnType<typeof gatedScrypt>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, trustedProxies: 1 });
    apiToken = await ctx.login(ctx.appA);
  });
  beforeEach(() => {
    scrypt = gatedScrypt();
    const secretChecks = new SecretVerifier({
      concurrency: LOGIN_CHECK_CONCURRENCY,
      queueLimit: LOGIN_CHECK_QUEUE,
      derive: scrypt.derive,
    });
    return ctx.resetLimits({ secretChecks });
  });
  afterAll(() => ctx?.close());

  const login = (address: string, clientSecret: string, clientId = ctx.appA.clientId) =>
    ctx.request("POST", "/api/v1/auth/login", {
      body: { clientId, clientSecret },
      headers: { "X-Forwarded-For": address },
    });
  /** Starts every request, and counts answers as they arrive. */
  const flood = (requests: (() => Response | Promise<Response>)[]) => {
    const answered: Response[] = [];
    const all = Promise.all(
      requests.map(async (send) => {
        const res = await send();
        answered.push(res);
        return res;
      }),
    );
    return { answered, all };
  };
  // Waiting on a condition, polled: generous, for a loaded machine.
  const WAIT = { timeout: 20_000, interval: 5 };
  const byStatus = (responses: Response[], status: number) => responses.filter((res) => res.status === status);

  const storedHash = async () =>
    (
      await ctx.services.database.db
        .select()
        .from(appClientSecrets)
        .where(eq(appClientSecrets.appId, ctx.appA.clientId))
    )[0]?.secretHash;
  const setHash = (secretHash: string) =>
    ctx.services.database.db
      .update(appClientSecrets)
      .set({ secretHash })
      .where(eq(appClientSecrets.appId, ctx.appA.clientId));

  // The limits are written out (20 failures in 5 minutes), not read from the constants: changing them must fail a test.
  it("300 parallel wrong logins from one address: exactly 20 are checked (401), the other 280 429; its right secret still logs in", async () => {
    const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => login("203.0.113.5", `guess-${i}`)));
    // Counted before the app is even looked up: parallel requests cannot all slip under the limit.
    expect(byStatus(responses, 401)).toHaveLength(20);
    const throttled = byStatus(responses, 429);
    expect(throttled).toHaveLength(280);
    for (const res of throttled.slice(0, 3)) {
      expect(await res.json()).toMatchObject({ reason: "LOGIN_THROTTLED", retryable: true });
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(Number(res.headers.get("Retry-After"))).toBeLessThanOrEqual(300);
    }
    // The limit bounds wrong guesses, never the right secret: from the throttled address as from any other.
    expect((await login("203.0.113.5", ctx.appA.clientSecret)).status).toBe(200);
    expect((await login("203.0.113.5", "still-wrong")).status).toBe(429);
    expect((await login("203.0.113.6", ctx.appA.clientSecret)).status).toBe(200);
    expect(scrypt.seen.calls).toBe(0);
  });

  it("counts failures per address: the 20th is a 401, the 21st a 429; a success is not counted", async () => {
    for (let i = 0; i < 5; i++) expect((await login("203.0.113.7", ctx.appA.clientSecret)).status).toBe(200);
    for (let i = 1; i < 20; i++) expect((await login("203.0.113.7", "wrong")).status).toBe(401);
    expect((await login("203.0.113.7", ctx.appA.clientSecret)).status).toBe(200);
    expect((await login("203.0.113.7", "wrong")).status).toBe(401);
    expect((await login("203.0.113.7", "wrong")).status).toBe(429);
    expect((await login("203.0.113.7", ctx.appA.clientSecret)).status).toBe(200);
  });

  describe("an app still holding an older scrypt hash", () => {
    afterAll(() => setHash(hashSecret(ctx.appA.clientSecret)));

    it(`from many addresses: ${LOGIN_CHECK_CONCURRENCY} scrypt at once, ${LOGIN_CHECK_QUEUE} waiting, the rest 503 at once; other requests are answered meanwhile`, async () => {
      await setHash(await legacyScryptHash(ctx.appA.clientSecret));
      const held = LOGIN_CHECK_CONCURRENCY + LOGIN_CHECK_QUEUE;
      const address = (i: number) => `10.1.${i >> 8}.${i & 0xff}`;
      const { answered, all } = flood(Array.from({ length: 300 }, (_, i) => () => login(address(i), `guess-${i}`)));
      await vi.waitFor(() => {
        expect(answered).toHaveLength(300 - held);
        expect(scrypt.seen.inFlight).toBe(LOGIN_CHECK_CONCURRENCY);
      }, WAIT);
      const busy = byStatus(answered, 503);
      expect(busy).toHaveLength(300 - held);
      expect(await busy[0]?.json()).toMatchObject({ reason: "LOGIN_BUSY", retryable: true });
      expect(busy[0]?.headers.get("Retry-After")).toBe("1");

      // While every scrypt slot and the whole queue are held, the rest of the API still answers.
      const entities = await ctx.request("GET", "/api/v1/queries/entities", { token: apiToken });
      expect(entities.status).toBe(200);
      expect((await ctx.request("GET", "/api/v1/openapi.json")).status).toBe(200);
      expect(scrypt.seen.inFlight).toBe(LOGIN_CHECK_CONCURRENCY);
      expect(answered).toHaveLength(300 - held);

      scrypt.open();
      const responses = await all;
      expect(byStatus(responses, 401)).toHaveLength(held);
      expect(scrypt.seen).toMatchObject({ calls: held, maxInFlight: LOGIN_CHECK_CONCURRENCY });
      // A login refused as busy was never checked: its address is not charged a failure.
      const refused = responses.findIndex((res) => res.status === 503);
      expect(await ctx.services.limits.apiLoginPerAddress.remaining(address(refused), Date.now())).toBe(20);
    });

    it("is not checked for a throttled address, and its right secret replaces it with the SHA-256 form", async () => {
      scrypt.open();
      const legacy = await legacyScryptHash(ctx.appA.clientSecret);
      await setHash(legacy);
      for (let i = 0; i < 20; i++) expect((await login("203.0.113.9", "wrong")).status).toBe(401);
      const calls = scrypt.seen.calls;
      expect((await login("203.0.113.9", ctx.appA.clientSecret)).status).toBe(429);
      expect(scrypt.seen.calls).toBe(calls);
      expect(await storedHash()).toBe(legacy);

      expect((await login("203.0.113.10", "wrong")).status).toBe(401);
      expect(await storedHash()).toBe(legacy);
      expect((await login("203.0.113.10", ctx.appA.clientSecret)).status).toBe(200);
      expect(await storedHash()).toBe(hashSecret(ctx.appA.clientSecret));
      expect((await login("203.0.113.9", ctx.appA.clientSecret)).status).toBe(200);
    });
  });

  it("checks an unknown client id as it checks a known one: a SHA-256, no scrypt", async () => {
    const unknown = await login("203.0.113.8", ctx.appA.clientSecret, crypto.randomUUID());
    expect(unknown.status).toBe(401);
    expect((await login("203.0.113.8", "wrong")).status).toBe(401);
    expect(scrypt.seen.calls).toBe(0);
  });
});

describe("the login failure window, on a test clock", () => {
  let ctx: TestContext;
  let clock = Date.now();
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false, trustedProxies: 1, now: () => new Date(clock) });
  });
  afterAll(() => ctx?.close());

  const wrongLogin = () =>
    ctx.request("POST", "/api/v1/auth/login", {
      body: { clientId: ctx.appA.clientId, clientSecret: "wrong" },
      headers: { "X-Forwarded-For": "203.0.113.40" },
    });

  it("is 5 minutes from the first failure: still refused at 4:59.999, a wrong secret is checked (401) again at 5:00", async () => {
    const first = clock;
    expect((await wrongLogin()).status).toBe(401);
    clock = first + 60_000;
    for (let i = 2; i <= 20; i++) expect((await wrongLogin()).status).toBe(401);
    expect((await wrongLogin()).status).toBe(429);
    clock = first + 5 * 60_000 - 1;
    const refused = await wrongLogin();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("1");
    // The first failure leaves the window: one place frees, and the 19 of a minute later still count.
    clock = first + 5 * 60_000;
    expect((await wrongLogin()).status).toBe(401);
    expect((await wrongLogin()).status).toBe(429);
  });
});
