import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { OPERATOR_PASSWORD } from "./console.testing";
import { CONSOLE_PATH, consoleOrigin, findSession, SESSION_COOKIE } from "./console-session";
import { createOperator } from "./operators.service";
import { verifyPassword } from "./passwords";
import { type CheckPassword, PASSWORD_CHECK_CONCURRENCY, PASSWORD_CHECK_QUEUE, PasswordChecks } from "./sign-in-limits";

// Sign-in floods, sent as a browser behind one trusted proxy would (X-Forwarded-For names the client). The
// password check is the real one, counted and, when a test says so, held at a gate: the tests see what
// reached scrypt. The limits are written out (20 in 15 minutes, 1 at once, 8 waiting), not read from the
// constants: changing them must fail a test.

const MINUTE = 60_000;

/** `verifyPassword`, counting calls and how many ran at once; `hold()` stops checks at a gate until `open()`. */
function countedCheck() {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const waiting: (() => void)[] = [];
  let held = false;
  const check: CheckPassword = async (password, stored) => {
    seen.calls++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    try {
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      return await verifyPassword(password, stored);
    } finally {
      seen.inFlight--;
    }
  };
  const hold = () => {
    held = true;
  };
  const open = () => {
    held = false;
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { check, seen, hold, open };
}

describe.each(testBackends())("console sign-in floods on %s", (_name, backend) => {
  let ctx: TestContext;
  let clock = new Date("2026-12-01T10:00:00Z").getTime();
  let counted: ReturnType<typeof countedCheck>;
  let checks: PasswordChecks;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, trustedProxies: 1, now: () => new Date(clock) });
  });
  beforeEach(() => {
    counted = countedCheck();
    checks = new PasswordChecks({
      concurrency: PASSWORD_CHECK_CONCURRENCY,
      queueLimit: PASSWORD_CHECK_QUEUE,
      check: counted.check,
    });
    return ctx.resetLimits({ operatorPasswordChecks: checks });
  });
  afterAll(() => ctx?.close());

  const signIn = (address: string | null, username: string, password: string, lang = "en") =>
    ctx.consoleApp.request(`${CONSOLE_PATH}/sign-in`, {
      method: "POST",
      headers: {
        Origin: consoleOrigin(ctx.config),
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": lang,
        ...(address ? { "X-Forwarded-For": address } : {}),
      },
      body: new URLSearchParams({ username, password }).toString(),
    });
  const guess = (address: string | null, i: number) => signIn(address, `nobody-${i}`, `wrong password ${i}`);
  const guesses = async (address: string | null, n: number) => {
    for (let i = 0; i < n; i++) expect((await guess(address, i)).status).toBe(401);
  };
  const fresh = async () => {
    const username = `op-${crypto.randomUUID().slice(0, 8)}`;
    await createOperator(ctx.services.database, username, OPERATOR_PASSWORD);
    return username;
  };
  const cookieOf = (res: Response) =>
    new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get("set-cookie") ?? "")?.[1];

  it("20 failures from one address are checked; the 21st is 429 with Retry-After and a page in both languages, unchecked", async () => {
    await guesses("203.0.113.7", 20);
    expect(counted.seen.calls).toBe(20);
    const refused = await guess("203.0.113.7", 21);
    expect(refused.status).toBe(429);
    expect(counted.seen.calls).toBe(20);
    // All 20 failures came at one instant: the address waits the whole window.
    expect(refused.headers.get("Retry-After")).toBe("900");
    expect(refused.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await refused.text()).toContain("Too many failed sign-ins from your network");
    const spanish = await signIn("203.0.113.7", "nobody", "wrong password", "es");
    expect(spanish.status).toBe(429);
    expect(await spanish.text()).toContain("Demasiados inicios de sesión fallidos desde tu red");
    expect(counted.seen.calls).toBe(20);
    // Another address, and the same one's neighbour, are counted apart.
    expect((await guess("203.0.113.8", 0)).status).toBe(401);
    expect(counted.seen.calls).toBe(21);
  });

  it("the right password is refused too while the address is over the limit (checking it is the work saved)", async () => {
    const username = await fresh();
    await guesses("198.51.100.1", 20);
    const refused = await signIn("198.51.100.1", username, OPERATOR_PASSWORD);
    expect(refused.status).toBe(429);
    expect(cookieOf(refused)).toBeUndefined();
    expect(counted.seen.calls).toBe(20);
    const elsewhere = await signIn("198.51.100.2", username, OPERATOR_PASSWORD);
    expect(elsewhere.status).toBe(303);
    expect(await findSession(ctx.services, cookieOf(elsewhere) ?? "")).toMatchObject({ username });
  });

  it("counts failures only: a successful sign-in gives its count back", async () => {
    const username = await fresh();
    await guesses("198.51.100.9", 19);
    expect((await signIn("198.51.100.9", username, OPERATOR_PASSWORD)).status).toBe(303);
    // 19 failures and a success: the 20th failure is still allowed, and only then is the address over.
    expect((await guess("198.51.100.9", 20)).status).toBe(401);
    expect((await guess("198.51.100.9", 21)).status).toBe(429);
    expect(counted.seen.calls).toBe(21);
  });

  it("the window is 15 minutes: a second before its end still refused (Retry-After: 1), at its end checked again", async () => {
    const start = clock;
    await guesses("192.0.2.44", 20);
    clock = start + 15 * MINUTE - 1000;
    const late = await guess("192.0.2.44", 21);
    expect(late.status).toBe(429);
    expect(late.headers.get("Retry-After")).toBe("1");
    clock = start + 15 * MINUTE;
    expect((await guess("192.0.2.44", 22)).status).toBe(401);
    expect(counted.seen.calls).toBe(21);
  });

  it("the window is 15 minutes to the millisecond: 1 ms before its end still refused, at its end a new one opens", async () => {
    const start = clock;
    await guesses("192.0.2.45", 20);
    clock = start + 15 * MINUTE - 1;
    const late = await guess("192.0.2.45", 21);
    expect(late.status).toBe(429);
    expect(late.headers.get("Retry-After")).toBe("1");
    // At its end the address has a whole new window: 20 more are checked (and counted), the next is refused.
    clock = start + 15 * MINUTE;
    await guesses("192.0.2.45", 20);
    expect((await guess("192.0.2.45", 22)).status).toBe(429);
    expect(counted.seen.calls).toBe(40);
  });

  it("parallel sign-ins from one address cannot all slip under the limit: 30 at once, 20 checked, 10 refused", async () => {
    // A queue long enough for all of them, so that only the address limit refuses.
    await ctx.resetLimits({
      operatorPasswordChecks: new PasswordChecks({ concurrency: 1, queueLimit: 100, check: counted.check }),
    });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => guess("203.0.113.99", i)));
    expect(answers.filter((res) => res.status === 401)).toHaveLength(20);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(10);
    expect(counted.seen.calls).toBe(20);
  });

  it("an unknown client address (a request made in-process) is not limited", async () => {
    await guesses(null, 21);
    expect(counted.seen.calls).toBe(21);
  });

  it("one check at a time, 8 waiting; the next is 503 with Retry-After: 1 in both languages, and not counted", async () => {
    counted.hold();
    const pending = Array.from({ length: 9 }, (_, i) => guess("203.0.113.50", i));
    await vi.waitFor(() => expect(checks.queued).toBe(8), { timeout: 20_000, interval: 5 });
    expect(counted.seen.calls).toBe(1);
    const busy = await guess("203.0.113.50", 9);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("Retry-After")).toBe("1");
    expect(await busy.text()).toContain("Too many sign-ins are being checked right now");
    const spanish = await signIn("203.0.113.51", "nobody", "wrong password", "es");
    expect(spanish.status).toBe(503);
    expect(await spanish.text()).toContain("Se están comprobando demasiados inicios de sesión");
    counted.open();
    expect((await Promise.all(pending)).map((res) => res.status)).toEqual(Array(9).fill(401));
    expect(counted.seen).toMatchObject({ calls: 9, maxInFlight: 1 });
    // The 9 checked are counted; the refused one was given back.
    const limiter = ctx.services.limits.consoleSignInPerAddress;
    expect(await limiter.remaining("203.0.113.50", clock)).toBe(11);
    expect(await limiter.remaining("203.0.113.51", clock)).toBe(20);
  });
});

describe("PasswordChecks", () => {
  it("with no turn free and the queue full, refuses at once with PasswordChecksBusy", async () => {
    const checks = new PasswordChecks({ concurrency: 0, queueLimit: 0 });
    await expect(checks.verify("a password", "scrypt$1$1$1$x$y")).rejects.toMatchObject({
      name: "PasswordChecksBusy",
      message: "too many operator password checks waiting",
    });
  });
});
