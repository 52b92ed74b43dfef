import type { BffUser } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { SESSION_IDLE_MS, SESSION_MAX_MS } from "./session.service";

describe.each(testBackends())("sessions (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  let clock = Date.now();
  beforeAll(async () => {
    ctx = await createBffTestContext({ backend, now: () => new Date(clock) });
  });
  afterAll(() => ctx?.close());

  it("signs in by name: the same trimmed name is the same user, another name another", async () => {
    const a = await ctx.browser().json<BffUser>("POST", "/api/session", { name: "  Ana López " });
    const again = await ctx.browser().json<BffUser>("POST", "/api/session", { name: "Ana López" });
    const other = await ctx.browser().json<BffUser>("POST", "/api/session", { name: "Ana" });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ id: expect.any(String), name: "Ana López" });
    expect(again.body.id).toBe(a.body.id);
    expect(other.body.id).not.toBe(a.body.id);
  });

  it("ignores format characters: a zero-width or direction mark makes no other user, and a name of only those is refused", async () => {
    const plain = await ctx.browser().json<BffUser>("POST", "/api/session", { name: "Ana Ruiz" });
    const marked = await ctx.browser().json<BffUser>("POST", "/api/session", { name: "Ana\u200b Ruiz\u202e" });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual(plain.body);
    for (const name of ["\u200b", " \u200b\u2060 ", "\u202e"]) {
      const refused = await ctx.browser().json<{ reason: string }>("POST", "/api/session", { name });
      expect(refused.status, JSON.stringify(name)).toBe(400);
    }
  });

  it("sets an HttpOnly, SameSite=Lax session cookie on / without Secure over http", async () => {
    const b = ctx.browser();
    await b.request("POST", "/api/session", { body: { name: "cookie" } });
    const [line] = b.setCookies;
    expect(line).toMatch(/^bff_session=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; Max-Age=604800/);
    expect(line).not.toMatch(/Secure/);
  });

  it("answers /api/me for the signed-in user only, and 401 after sign-out", async () => {
    const b = await ctx.signedIn("me");
    const me = await b.json<BffUser>("GET", "/api/me");
    expect(me.status).toBe(200);
    expect(me.body.name).toBe("me");
    expect((await ctx.browser().json("GET", "/api/me")).body).toMatchObject({ status: 401, reason: "NOT_SIGNED_IN" });

    const cookie = [...b.cookies][0];
    expect((await b.request("DELETE", "/api/session")).status).toBe(204);
    expect(b.cookies.size).toBe(0);
    expect((await b.request("GET", "/api/me")).status).toBe(401);
    // The old cookie replayed: the session is gone on the server too, not only in the browser.
    const replay = ctx.browser();
    replay.cookies.set(...(cookie as [string, string]));
    expect((await replay.request("GET", "/api/me")).status).toBe(401);
  });

  it("gives a new session id at every sign-in and ends the one before", async () => {
    const b = await ctx.signedIn("fixation");
    const first = [...b.cookies][0] as [string, string];
    await b.request("POST", "/api/session", { body: { name: "fixation" } });
    const second = [...b.cookies][0] as [string, string];
    expect(second[1]).not.toBe(first[1]);
    const old = ctx.browser();
    old.cookies.set(...first);
    expect((await old.request("GET", "/api/me")).status).toBe(401);
  });

  it("refuses an empty or blank name, and a name with control characters (400, never 500)", async () => {
    for (const name of ["", "   ", "a\u0000b", "x".repeat(81)]) {
      const res = await ctx.browser().json<{ status: number; reason: string }>("POST", "/api/session", { name });
      expect(res.body).toMatchObject({ status: 400, reason: "VALIDATION_ERROR" });
    }
    const malformed = await ctx.browser().json("POST", "/api/session", "{not json");
    expect(malformed.body).toMatchObject({ status: 400, reason: "MALFORMED_JSON" });
  });

  it("ends a session after 12 h idle, and keeps it just before", async () => {
    const b = await ctx.signedIn("idle");
    clock += SESSION_IDLE_MS - 60_000;
    expect((await b.request("GET", "/api/me")).status).toBe(200);
    // That request counted as activity: 12 h from it, not from the sign-in.
    clock += SESSION_IDLE_MS - 1000;
    expect((await b.request("GET", "/api/me")).status).toBe(200);
    clock += SESSION_IDLE_MS;
    expect((await b.request("GET", "/api/me")).status).toBe(401);
  });

  it("ends a session 7 days after sign-in however active", async () => {
    const b = await ctx.signedIn("active");
    const end = clock + SESSION_MAX_MS;
    while (clock + SESSION_IDLE_MS / 2 < end) {
      clock += SESSION_IDLE_MS / 2;
      expect((await b.request("GET", "/api/me")).status).toBe(200);
    }
    clock = end - 1000;
    expect((await b.request("GET", "/api/me")).status).toBe(200);
    clock = end;
    expect((await b.request("GET", "/api/me")).status).toBe(401);
  });

  it("treats a malformed or unknown cookie as signed out", async () => {
    for (const value of ["short", "x".repeat(43), `${"a".repeat(42)}!`]) {
      const b = ctx.browser();
      b.cookies.set("bff_session", value);
      expect((await b.request("GET", "/api/me")).status).toBe(401);
    }
  });
});

describe("sessions over https", () => {
  let ctx: BffTestContext;
  beforeAll(async () => {
    ctx = await createBffTestContext({ appUrl: "https://demo.example" });
  });
  afterAll(() => ctx?.close());

  it("names the cookie __Host-bff_session, Secure, and reads it back", async () => {
    const b = await ctx.signedIn("secure");
    const [line] = b.setCookies;
    expect(line).toMatch(/^__Host-bff_session=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Domain=/i);
    expect((await b.request("GET", "/api/me")).status).toBe(200);
    // Without the prefix the cookie is not the session's (a subdomain could have set it).
    const unprefixed = ctx.browser();
    unprefixed.cookies.set("bff_session", [...b.cookies.values()][0] as string);
    expect((await unprefixed.request("GET", "/api/me")).status).toBe(401);
    // Signing out clears the prefixed cookie itself.
    expect((await b.request("DELETE", "/api/session")).status).toBe(204);
    expect(b.setCookies.at(-1)).toMatch(/^__Host-bff_session=; Max-Age=0;/);
    expect(b.cookies.size).toBe(0);
  });
});
