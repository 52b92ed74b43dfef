import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorSessions, operators } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { consoleClient, OPERATOR_PASSWORD } from "./console.testing";
import { consoleOrigin } from "./console-session";
import { createOperator, signIn } from "./operators.service";
import { verifyPassword } from "./passwords";
import { PasswordChecks } from "./sign-in-limits";

const MINUTE = 60_000;

describe.each(testBackends())("operators and sessions on %s", (_name, backend) => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  let clock = new Date("2026-12-01T10:00:00Z").getTime();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => new Date(clock) });
    client = consoleClient(ctx);
  });
  afterAll(() => ctx.close());

  const fresh = async () => {
    const username = `op-${crypto.randomUUID().slice(0, 8)}`;
    await createOperator(ctx.services.database, username, OPERATOR_PASSWORD);
    return username;
  };
  const fail = (username: string) => client.signIn(username, "wrong password, long enough");

  it("stores the password as a salted scrypt hash with its parameters, never in clear", async () => {
    const username = await fresh();
    const [row] = await ctx.services.database.db.select().from(operators).where(eq(operators.username, username));
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(row?.passwordHash).not.toContain(OPERATOR_PASSWORD);
    expect(await verifyPassword(OPERATOR_PASSWORD, row?.passwordHash ?? "")).toBe(true);
    const other = await createOperator(ctx.services.database, `${username}-b`, OPERATOR_PASSWORD);
    const [second] = await ctx.services.database.db.select().from(operators).where(eq(operators.id, other.id));
    expect(second?.passwordHash.split("$")[4]).not.toBe(row?.passwordHash.split("$")[4]);
  });

  it("refuses weak passwords, bad usernames and a second operator of the same name (any case)", async () => {
    const username = await fresh();
    await expect(createOperator(ctx.services.database, "ana2", "short")).rejects.toThrow(/at least 12/);
    await expect(createOperator(ctx.services.database, "a", OPERATOR_PASSWORD)).rejects.toThrow(/username/);
    await expect(createOperator(ctx.services.database, username.toUpperCase(), OPERATOR_PASSWORD)).rejects.toThrow(
      /exists already/,
    );
  });

  it("sets the session cookie HttpOnly, SameSite=Strict, Path=/console (no Secure on http) and stores only its hash", async () => {
    const username = await fresh();
    const { res, cookie, setCookie } = await client.signIn(username);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/apps");
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/console(;|$)/);
    expect(setCookie).not.toMatch(/Secure/);
    const rows = await ctx.services.database.db.select().from(operatorSessions);
    expect(rows.some((r) => r.idHash === sha256(cookie ?? ""))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(cookie);
  });

  it("answers an unknown user and a wrong password alike", async () => {
    const username = await fresh();
    const unknown = await client.signIn("nobody-here", "wrong password, long enough");
    const wrong = await fail(username);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.status).toBe(401);
    const message = (html: string) => /role="alert">([^<]+)</.exec(html)?.[1];
    const [a, b] = [await unknown.res.text(), await wrong.res.text()];
    expect(message(a)).toBeTruthy();
    expect(message(a)).toBe(message(b));
  });

  it("locks after 5 failures within 15 minutes, not after 4; the right password is refused while locked", async () => {
    const four = await fresh();
    for (let i = 0; i < 4; i++) expect((await fail(four)).res.status).toBe(401);
    expect((await client.signIn(four)).cookie).toBeDefined();

    const five = await fresh();
    for (let i = 0; i < 5; i++) expect((await fail(five)).res.status).toBe(401);
    const locked = await client.signIn(five);
    expect(locked.res.status).toBe(401);
    expect(locked.cookie).toBeUndefined();
    clock += 15 * MINUTE - 1000;
    expect((await client.signIn(five)).cookie).toBeUndefined();
    clock += 1000;
    expect((await client.signIn(five)).cookie).toBeDefined();
  });

  it("the lock lasts 15 minutes to the millisecond: the right password refused 1 ms before its end, taken at it", async () => {
    const username = await fresh();
    for (let i = 0; i < 5; i++) await fail(username);
    clock += 15 * MINUTE - 1;
    expect((await client.signIn(username)).cookie).toBeUndefined();
    clock += 1;
    expect((await client.signIn(username)).cookie).toBeDefined();
  });

  it("forgets failures older than the window: 4, then 16 minutes, then 4 more do not lock", async () => {
    const username = await fresh();
    for (let i = 0; i < 4; i++) await fail(username);
    clock += 16 * MINUTE;
    for (let i = 0; i < 4; i++) await fail(username);
    expect((await client.signIn(username)).cookie).toBeDefined();
  });

  it("a success clears the count", async () => {
    const username = await fresh();
    for (let i = 0; i < 4; i++) await fail(username);
    expect((await client.signIn(username)).cookie).toBeDefined();
    for (let i = 0; i < 4; i++) await fail(username);
    expect((await client.signIn(username)).cookie).toBeDefined();
  });

  const live = async (cookie: string) => (await client.request("GET", "/console/apps", { cookie })).status === 200;

  it("ends a session after 30 idle minutes, not before; each request restarts the idle clock", async () => {
    const { cookie } = await client.signIn(await fresh());
    if (!cookie) throw new Error("no session");
    clock += 30 * MINUTE - 1000;
    expect(await live(cookie)).toBe(true);
    clock += 30 * MINUTE - 1000;
    expect(await live(cookie)).toBe(true);
    clock += 30 * MINUTE;
    expect(await live(cookie)).toBe(false);
  });

  it("ends a session 12 hours after sign-in however busy, not before", async () => {
    const { cookie } = await client.signIn(await fresh());
    if (!cookie) throw new Error("no session");
    for (let i = 0; i < 36; i++) {
      clock += 20 * MINUTE;
      expect(await live(cookie)).toBe(i < 35);
    }
  });

  it("12 hours less a second is still live", async () => {
    const { cookie } = await client.signIn(await fresh());
    if (!cookie) throw new Error("no session");
    for (let i = 0; i < 35; i++) {
      clock += 20 * MINUTE;
      expect(await live(cookie)).toBe(true);
    }
    clock += 20 * MINUTE - 1000;
    expect(await live(cookie)).toBe(true);
    clock += 1000;
    expect(await live(cookie)).toBe(false);
  });

  it("sign-out ends the session at once", async () => {
    const op = await client.operator();
    const res = await op.post("/console/sign-out");
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/finlink_console=;/);
    expect(await live(op.cookie)).toBe(false);
  });

  it("a sign-in ends the session the browser came with", async () => {
    const first = await client.operator();
    const username = await fresh();
    const res = await client.request("POST", "/console/sign-in", {
      cookie: first.cookie,
      form: { username, password: OPERATOR_PASSWORD },
    });
    expect(res.status).toBe(303);
    const next = /finlink_console=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    expect(next).toBeDefined();
    expect(await live(first.cookie)).toBe(false);
    expect(await live(next ?? "")).toBe(true);
  });

  it("a failed sign-in leaves the browser's session as it was", async () => {
    const first = await client.operator();
    const res = await client.request("POST", "/console/sign-in", {
      cookie: first.cookie,
      form: { username: first.username, password: "wrong password, long enough" },
    });
    expect(res.status).toBe(401);
    expect(await live(first.cookie)).toBe(true);
  });

  it("answers a body over the limit with a 413 page and an unreadable form with a 400 page, not a 500", async () => {
    const origin = consoleOrigin(ctx.config);
    const big = await ctx.consoleApp.request("/console/sign-in", {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: `username=a&password=${"x".repeat(70_000)}`,
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("too large");
    const broken = await ctx.consoleApp.request("/console/sign-in", {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=X" },
      body: "--X\r\nbroken",
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain("could not be read");
  });

  it("the lockout window is 15 minutes from the first failure: a 5th failure just inside locks, at its end does not", async () => {
    const inside = await fresh();
    for (let i = 0; i < 4; i++) await fail(inside);
    clock += 15 * MINUTE - 1;
    await fail(inside);
    expect((await client.signIn(inside)).cookie).toBeUndefined();

    const atEnd = await fresh();
    for (let i = 0; i < 4; i++) await fail(atEnd);
    clock += 15 * MINUTE;
    await fail(atEnd); // the first failure left the window: this one starts a new count
    expect((await client.signIn(atEnd)).cookie).toBeDefined();
  });

  it("usernames: 3–64 of a-z 0-9 . _ @ -, starting with a letter or digit, trimmed and lower case", async () => {
    const base = crypto.randomUUID().slice(0, 8);
    const refused = ["ab", `-${base}`, `.${base}`, `${base}!`, `${base} x`, "x".repeat(65)];
    for (const name of refused) {
      await expect(createOperator(ctx.services.database, name, OPERATOR_PASSWORD), name).rejects.toThrow(/username/);
    }
    const three = `${base.slice(0, 2)}z`;
    expect(await createOperator(ctx.services.database, three, OPERATOR_PASSWORD)).toMatchObject({ username: three });
    const long = `${base}${"y".repeat(56)}`;
    expect(await createOperator(ctx.services.database, long, OPERATOR_PASSWORD)).toMatchObject({ username: long });
    const spaced = await createOperator(ctx.services.database, `  Op-${base}@Example.ES  `, OPERATOR_PASSWORD);
    expect(spaced.username).toBe(`op-${base}@example.es`);
    expect((await client.signIn(` OP-${base}@example.es `)).res.status).toBe(303);
  });

  it("passwords of 12 and of 256 characters are accepted, of 11 and of 257 refused", async () => {
    const name = () => `op-${crypto.randomUUID().slice(0, 8)}`;
    await expect(createOperator(ctx.services.database, name(), "x".repeat(11))).rejects.toThrow(/at least 12/);
    await expect(createOperator(ctx.services.database, name(), "x".repeat(257))).rejects.toThrow(/at most 256/);
    await createOperator(ctx.services.database, name(), "x".repeat(12));
    const longest = name();
    await createOperator(ctx.services.database, longest, "y".repeat(256));
    expect((await client.signIn(longest, "y".repeat(256))).res.status).toBe(303);
  });

  it("a password over 256 characters, or no username, is refused after one check of nothing but the empty string", async () => {
    const seen: string[] = [];
    const check = (password: string, stored: string) => {
      seen.push(password);
      return verifyPassword(password, stored);
    };
    await ctx.resetLimits({ operatorPasswordChecks: new PasswordChecks({ concurrency: 1, queueLimit: 8, check }) });
    const username = await fresh();
    expect((await client.signIn(username, `${OPERATOR_PASSWORD}${"z".repeat(257)}`)).res.status).toBe(401);
    expect(seen).toEqual([""]);
    expect((await client.signIn("   ", OPERATOR_PASSWORD)).res.status).toBe(401);
    expect(seen).toEqual(["", OPERATOR_PASSWORD]);
    expect(await signIn(ctx.services.database, "nobody-here", OPERATOR_PASSWORD, new Date(clock))).toEqual({
      ok: false,
    });
  });
});
