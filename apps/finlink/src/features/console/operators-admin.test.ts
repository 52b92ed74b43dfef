import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorSessions, operators } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { SettingsError } from "../apps/settings-error";
import { consoleClient, OPERATOR_PASSWORD } from "./console.testing";
import { CONSOLE_PATH, findSession, openSession } from "./console-session";
import { createOperator, LOCKOUT_MS } from "./operators.service";
import { deleteOperator, disableOperator, enableOperator, listOperators, setOperatorPassword } from "./operators-admin";
import { verifyPassword } from "./passwords";
import { PasswordChecks } from "./sign-in-limits";

const NEW_PASSWORD = "a brand new password, long";

describe.each(testBackends())("operator management on %s", (_name, backend) => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  const clock = new Date("2026-12-01T10:00:00Z").getTime();
  let checked = 0;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => new Date(clock) });
    client = consoleClient(ctx);
  });
  beforeEach(() => {
    checked = 0;
    const check = (password: string, stored: string) => {
      checked++;
      return verifyPassword(password, stored);
    };
    return ctx.resetLimits({ operatorPasswordChecks: new PasswordChecks({ concurrency: 1, queueLimit: 8, check }) });
  });
  afterAll(() => ctx?.close());

  const db = () => ctx.services.database;
  /** The message of the SettingsError a call is refused with (`rejects.toThrow` also passes `throw undefined`). */
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("not refused"),
      (error: unknown) => {
        expect(error).toBeInstanceOf(SettingsError);
        return (error as Error).message;
      },
    );
  const fresh = async () =>
    (await createOperator(db(), `op-${crypto.randomUUID().slice(0, 8)}`, OPERATOR_PASSWORD)).username;
  /** A signed-in operator and a second session of theirs, as from another browser. */
  const signedIn = async (username: string) => {
    const first = (await client.signIn(username)).cookie ?? "";
    const second = (await client.signIn(username)).cookie ?? "";
    expect(await findSession(ctx.services, first)).toBeDefined();
    expect(await findSession(ctx.services, second)).toBeDefined();
    return [first, second];
  };
  /** The session no longer works: findSession answers nothing and a console page sends the browser to sign in. */
  const ended = async (cookie: string) => {
    expect(await findSession(ctx.services, cookie)).toBeUndefined();
    const res = await client.request("GET", `${CONSOLE_PATH}/apps`, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${CONSOLE_PATH}/sign-in`);
  };
  const stillLive = async (cookie: string) => {
    expect(await findSession(ctx.services, cookie)).toBeDefined();
    expect((await client.request("GET", `${CONSOLE_PATH}/apps`, { cookie })).status).toBe(200);
  };
  const lock = async (username: string) => {
    for (let i = 0; i < 5; i++) await client.signIn(username, "wrong password, long enough");
  };

  it("lists every operator by username: created, locked (until when), disabled, and nothing of the hash", async () => {
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    await lock(b);
    await disableOperator(db(), c, new Date(clock));
    const listed = await listOperators(db(), new Date(clock));
    const names = listed.map((o) => o.username);
    expect(names).toEqual([...names].sort());
    const mine = listed.filter((o) => [a, b, c].includes(o.username));
    expect(mine.map((o) => Object.keys(o).sort())).toEqual(
      Array(3).fill(["createdAt", "disabled", "locked", "lockedUntil", "username"]),
    );
    expect(mine.find((o) => o.username === a)).toMatchObject({ locked: false, lockedUntil: null, disabled: false });
    expect(mine.find((o) => o.username === b)).toMatchObject({
      locked: true,
      lockedUntil: new Date(clock + LOCKOUT_MS),
      disabled: false,
    });
    expect(mine.find((o) => o.username === c)).toMatchObject({ locked: false, disabled: true });
    expect(mine.every((o) => o.createdAt instanceof Date)).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt/);
    // Locked up to the lock's last millisecond; at its end no longer.
    const lockedAt = (await listOperators(db(), new Date(clock + LOCKOUT_MS - 1))).find((o) => o.username === b);
    expect(lockedAt?.locked).toBe(true);
    const endedAt = (await listOperators(db(), new Date(clock + LOCKOUT_MS))).find((o) => o.username === b);
    expect(endedAt).toMatchObject({ locked: false, lockedUntil: null });
  });

  it("set-password: the new password works, the old does not, every session ends, the lockout is cleared", async () => {
    const username = await fresh();
    const other = await fresh();
    const [first, second] = await signedIn(username);
    const [others] = await signedIn(other);
    await lock(username);
    expect(await setOperatorPassword(db(), username.toUpperCase(), NEW_PASSWORD)).toEqual({ username });
    await ended(first ?? "");
    await ended(second ?? "");
    await stillLive(others ?? "");
    const [row] = await db().db.select().from(operators).where(eq(operators.username, username));
    expect(row).toMatchObject({ failedAttempts: 0, firstFailedAt: null, lockedUntil: null });
    expect((await client.signIn(username)).res.status).toBe(401);
    expect((await client.signIn(username, NEW_PASSWORD)).res.status).toBe(303);
  });

  it("set-password keeps create's rules, and names an unknown operator", async () => {
    const username = await fresh();
    expect(await refusal(setOperatorPassword(db(), username, "short"))).toMatch(/at least 12/);
    expect(await refusal(setOperatorPassword(db(), username, "x".repeat(257)))).toMatch(/at most 256/);
    expect(await refusal(setOperatorPassword(db(), "nobody-here", NEW_PASSWORD))).toMatch(
      "There is no operator named 'nobody-here'",
    );
    expect((await client.signIn(username)).res.status).toBe(303);
  });

  it("disable: open sessions end at once; the right password is refused as a wrong one is, after one check", async () => {
    const username = await fresh();
    const other = await fresh();
    const [first, second] = await signedIn(username);
    const [others] = await signedIn(other);
    expect(await disableOperator(db(), username, new Date(clock))).toEqual({ username, disabled: true });
    await ended(first ?? "");
    await ended(second ?? "");
    await stillLive(others ?? "");
    checked = 0;
    const refused = await client.signIn(username);
    expect(refused.res.status).toBe(401);
    expect(refused.cookie).toBeUndefined();
    expect(checked).toBe(1);
    const wrong = await client.signIn(other, "wrong password, long enough");
    expect(await refused.res.text()).toBe((await wrong.res.text()).replace(other, username));
    // Refused without counting: a disabled account is not locked by sign-in attempts.
    const [row] = await db().db.select().from(operators).where(eq(operators.username, username));
    expect(row?.failedAttempts).toBe(0);
  });

  it("a session opened by a sign-in that raced the disable is refused too", async () => {
    const username = await fresh();
    const [row] = await db().db.select().from(operators).where(eq(operators.username, username));
    await disableOperator(db(), username, new Date(clock));
    const token = await openSession(ctx.services, row?.id ?? "");
    await ended(token);
  });

  it("enable: the operator signs in again with the password they had", async () => {
    const username = await fresh();
    await disableOperator(db(), username, new Date(clock));
    expect((await client.signIn(username)).res.status).toBe(401);
    expect(await enableOperator(db(), username.toUpperCase())).toEqual({ username, disabled: false });
    const { res, cookie } = await client.signIn(username);
    expect(res.status).toBe(303);
    await stillLive(cookie ?? "");
    expect(await refusal(enableOperator(db(), "nobody-here"))).toMatch("There is no operator named 'nobody-here'");
    expect(await refusal(disableOperator(db(), "nobody-here", new Date(clock)))).toMatch(
      "There is no operator named 'nobody-here'",
    );
  });

  it("sessions a disable ended stay ended after enable: they are deleted, not only refused while disabled", async () => {
    const username = await fresh();
    const [first, second] = await signedIn(username);
    await disableOperator(db(), username, new Date(clock));
    await enableOperator(db(), username);
    await ended(first ?? "");
    await ended(second ?? "");
  });

  it("delete: the operator and their sessions go; the name may be registered again", async () => {
    const username = await fresh();
    const other = await fresh();
    const [first, second] = await signedIn(username);
    const [others] = await signedIn(other);
    expect(await deleteOperator(db(), username.toUpperCase())).toEqual({ username, deleted: true });
    await ended(first ?? "");
    await ended(second ?? "");
    await stillLive(others ?? "");
    const sessions = await db()
      .db.select()
      .from(operatorSessions)
      .where(eq(operatorSessions.idHash, sha256(first ?? "")));
    expect(sessions).toEqual([]);
    expect(await db().db.select().from(operators).where(eq(operators.username, username))).toEqual([]);
    expect((await client.signIn(username)).res.status).toBe(401);
    expect(await refusal(deleteOperator(db(), username))).toMatch(`There is no operator named '${username}'`);
    await createOperator(db(), username, NEW_PASSWORD);
    expect((await client.signIn(username, NEW_PASSWORD)).res.status).toBe(303);
  });
});
