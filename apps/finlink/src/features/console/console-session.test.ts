import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { operatorSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import {
  closeSession,
  consoleOrigin,
  csrfToken,
  findSession,
  openSession,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  sessionCookieSpec,
  validCsrf,
} from "./console-session";
import { createOperator } from "./operators.service";

// The real timingSafeEqual, watched: the CSRF check must compare through it (constant time), not with ===.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe.each(testBackends())("console sessions on %s", (_name, backend) => {
  let ctx: TestContext;
  let clock = new Date("2026-12-01T10:00:00Z").getTime();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => new Date(clock) });
  });
  afterAll(() => ctx.close());

  const operator = async () => {
    const username = `op-${crypto.randomUUID().slice(0, 8)}`;
    const { id } = await createOperator(ctx.services.database, username, "correct horse battery staple");
    return { id, username, open: () => openSession(ctx.services, id) };
  };

  it("a session names its operator, by id and username", async () => {
    const op = await operator();
    const token = await op.open();
    expect(await findSession(ctx.services, token)).toEqual({ operatorId: op.id, username: op.username, token });
  });

  it("sign-out ends that session only, and sweeps the idle ones of anyone, not the live ones", async () => {
    const [a, b] = [await operator(), await operator()];
    const stored = async (tokens: string[]) =>
      (
        await ctx.services.database.db
          .select()
          .from(operatorSessions)
          .where(inArray(operatorSessions.idHash, tokens.map(sha256)))
      ).length;
    const idle = await a.open();
    const recent = await b.open();
    const mine = await b.open();
    clock += SESSION_IDLE_MS / 2;
    expect(await findSession(ctx.services, recent)).toBeDefined();
    // 1 ms before `recent`'s idle limit; `idle` is past its own, still stored until a sweep.
    clock += SESSION_IDLE_MS - 1;
    expect(await stored([idle, recent, mine])).toBe(3);
    await closeSession(ctx.services, mine);
    expect(await stored([idle, recent, mine])).toBe(1);
    expect(await findSession(ctx.services, recent)).toMatchObject({ username: b.username });
  });

  it("checks a CSRF token in constant time: only the session's own, as text, of its length", async () => {
    const op = await operator();
    const session = { operatorId: op.id, username: op.username, token: await op.open() };
    const token = csrfToken(ctx.services, session);
    expect(validCsrf(ctx.services, session, token)).toBe(true);
    const otherSession = { ...session, token: await op.open() };
    expect(validCsrf(ctx.services, otherSession, token)).toBe(false);
    for (const given of [undefined, null, 42, [token], { toString: () => token }, "", token.slice(1), `${token}A`]) {
      expect(validCsrf(ctx.services, session, given)).toBe(false);
    }
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(validCsrf(ctx.services, session, flipped)).toBe(false);
  });

  it("a session ends 12 hours after it opened to the millisecond: live 1 ms before, ended at it", async () => {
    const op = await operator();
    const token = await op.open();
    // Steps under the idle limit keep it from idling out.
    for (let i = 0; i < 35; i++) {
      clock += 20 * 60_000;
      expect(await findSession(ctx.services, token)).toBeDefined();
    }
    clock += SESSION_MAX_MS - 35 * 20 * 60_000 - 1;
    expect(await findSession(ctx.services, token)).toBeDefined();
    clock += 1;
    expect(await findSession(ctx.services, token)).toBeUndefined();
  });

  it("compares a CSRF token of the right length with timingSafeEqual, the wrong one and the right one alike", async () => {
    const op = await operator();
    const session = { operatorId: op.id, username: op.username, token: await op.open() };
    const token = csrfToken(ctx.services, session);
    const compare = vi.mocked(timingSafeEqual);
    compare.mockClear();
    expect(validCsrf(ctx.services, session, token)).toBe(true);
    expect(validCsrf(ctx.services, session, `${token.startsWith("A") ? "B" : "A"}${token.slice(1)}`)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it("derives the CSRF key from the data key under its own label (no other use of the key shares it)", async () => {
    const op = await operator();
    const session = { operatorId: op.id, username: op.username, token: await op.open() };
    const key = Buffer.from(hkdfSync("sha256", ctx.config.encryptionKey, Buffer.alloc(0), "finlink console csrf", 32));
    const expected = createHmac("sha256", key).update(session.token).digest("base64url");
    expect(csrfToken(ctx.services, session)).toBe(expected);
    expect(csrfToken(ctx.services, session)).toBe(expected);
  });
});

describe("the console's origin and cookie", () => {
  it("follow the console's own URL: __Host- on https, Path=/console on http", () => {
    const on = (publicUrl: string) => ({ console: { port: 0, publicUrl } });
    expect(consoleOrigin(on("http://127.0.0.1:4011"))).toBe("http://127.0.0.1:4011");
    expect(sessionCookieSpec(on("http://127.0.0.1:4011"))).toEqual({
      name: "finlink_console",
      path: "/console",
      secure: false,
    });
    expect(sessionCookieSpec(on("https://console.finlink.example"))).toEqual({
      name: "__Host-finlink_console",
      path: "/",
      secure: true,
    });
    expect(() => consoleOrigin({ console: null })).toThrow("The console is off (FINLINK_CONSOLE_PORT=off)");
  });
});
