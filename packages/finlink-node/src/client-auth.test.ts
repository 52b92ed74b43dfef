import { inspect } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FinlinkError } from "./errors";
import { type Finlink, startFinlink } from "./finlink.testing";

let finlink: Finlink;
beforeAll(async () => {
  finlink = await startFinlink();
});
afterAll(() => finlink.close());
afterEach(() => {
  vi.useRealTimers();
  finlink.reset();
});

const bearerOf = (i: number) =>
  finlink.seen.filter((r) => r.path !== "/api/v1/auth/login")[i]?.headers.get("Authorization");

/** Makes a call while Finlink's clock (and so its signatures) stands `hoursAgo` in the past. */
async function inThePast<T>(hoursAgo: number, call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - hoursAgo * 3600_000 });
  try {
    return await call();
  } finally {
    vi.useRealTimers();
  }
}

describe("login", () => {
  it("happens on the first call, not before, and its token serves the calls after", async () => {
    const client = finlink.client();
    expect(finlink.logins()).toBe(0);
    await client.app();
    await client.entities();
    await client.connections();
    expect(finlink.logins()).toBe(1);
    expect(new Set([bearerOf(0), bearerOf(1), bearerOf(2)]).size).toBe(1);
  });

  it("is renewed a minute before the token's exp, not earlier", async () => {
    let clock = Date.now();
    const client = finlink.client({ now: () => new Date(clock) });
    await client.app();
    const exp = decodeJwt(String(bearerOf(0)).replace("Bearer ", "")).exp as number;
    clock = exp * 1000 - 60_001;
    await client.app();
    expect(finlink.logins()).toBe(1);
    clock = exp * 1000 - 60_000;
    await client.app();
    expect(finlink.logins()).toBe(2);
  });

  it("is done again once when Finlink refuses the token (401), and the call goes through", async () => {
    const clock = Date.now() - 2 * 3600_000;
    // The client's clock says the token is fresh; Finlink's says it expired an hour ago.
    const client = finlink.client({ now: () => new Date(clock) });
    await inThePast(2, () => client.app());
    await expect(client.app()).resolves.toMatchObject({ clientId: finlink.ctx.appA.clientId });
    expect(finlink.logins()).toBe(2);
    expect(finlink.seen.map((r) => r.path)).toEqual([
      "/api/v1/auth/login",
      "/api/v1/queries/app",
      "/api/v1/queries/app",
      "/api/v1/auth/login",
      "/api/v1/queries/app",
    ]);
  });

  it("is done again only once: a 401 with the new token too is the caller's error", async () => {
    const client = finlink.client();
    finlink.intercept((req, forward) =>
      req.path === "/api/v1/auth/login" ? forward() : forward({ headers: { Authorization: "Bearer not-a-token" } }),
    );
    const error = await client.app().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FinlinkError);
    expect(error).toMatchObject({ status: 401, title: "Unauthorized" });
    expect(finlink.logins()).toBe(2);
    expect(finlink.seen.filter((r) => r.path === "/api/v1/queries/app")).toHaveLength(2);
  });

  it("is shared by concurrent calls: ten calls, one login; ten 401s, one more", async () => {
    const clock = Date.now() - 2 * 3600_000;
    const client = finlink.client({ now: () => new Date(clock) });
    await inThePast(2, () => Promise.all(Array.from({ length: 10 }, () => client.entities())));
    expect(finlink.logins()).toBe(1);
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.entities()));
    expect(answers.map((a) => a.length > 0)).toEqual(Array(10).fill(true));
    expect(finlink.logins()).toBe(2);
  });

  it("is not done again for a late 401 of a token already replaced", async () => {
    const clock = Date.now() - 2 * 3600_000;
    const client = finlink.client({ now: () => new Date(clock) });
    await inThePast(2, () => client.app());
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    finlink.intercept(async (req, forward) => {
      if (req.path === "/api/v1/queries/app" && first) {
        first = false;
        await held; // this 401 (of the old token) arrives after another call logged in again
      }
      return forward();
    });
    const late = client.app();
    await client.entities();
    release();
    await late;
    expect(finlink.logins()).toBe(2);
  });

  it("that fails rejects every waiter with the 401, and the next call tries again", async () => {
    const client = finlink.client({ clientSecret: "wrong-secret-0123456789" });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.app()));
    expect(results.map((r) => r.status === "rejected" && (r.reason as FinlinkError).status)).toEqual(
      Array(5).fill(401),
    );
    expect(finlink.logins()).toBe(1);
    await expect(client.app()).rejects.toBeInstanceOf(FinlinkError);
    expect(finlink.logins()).toBe(2);
  });

  it("asks for the scopes given: a read-only client cannot start Link (403)", async () => {
    const client = finlink.client({ scopes: ["read"] });
    const [redirect] = (await client.app()).redirects;
    await expect(client.startFlow({ id: String(redirect?.id), product: "TRANSACTIONS" })).rejects.toMatchObject({
      status: 403,
    });
    expect(finlink.logins()).toBe(1);
  });
});

describe("the client secret", () => {
  it("shows nowhere: not in toString, inspect, JSON, nor in the error of a refused login", async () => {
    const secret = "very-secret-value-0123456789";
    const client = finlink.client({ clientSecret: secret });
    const error = await client.app().catch((e: unknown) => e);
    for (const shown of [String(client), inspect(client, { depth: 10 }), JSON.stringify(client), inspect(error)])
      expect(shown).not.toContain(secret);
    expect(String(client)).toContain(finlink.ctx.appA.clientId);
  });
});
