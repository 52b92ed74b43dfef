import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorSessions, operators } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { consoleClient, OPERATOR_PASSWORD } from "./console.testing";
import { consoleOrigin } from "./console-session";
import { createOperator } from "./operators.service";
import { verifyPassword } from "./passwords";

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
});
