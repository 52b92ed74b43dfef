import type { BffConnection, BffLinkUrl } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { MAX_OPEN_STATES, STATE_TTL_MS } from "./link-state.service";

describe.each(testBackends())("exchanging Link's result (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  // The BFF's clock, when a test stops it (Finlink keeps the real one).
  let stopped: number | undefined;
  beforeAll(async () => {
    ctx = await createBffTestContext({ backend, now: () => new Date(stopped ?? Date.now()) });
  });
  afterAll(() => ctx?.close());

  it("exchanges one state once: a double click gets the same connection, a replay is refused", async () => {
    const b = await ctx.signedIn("double");
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    const body = { publicToken: redirect.publicToken, state: redirect.state };
    const before = ctx.finlinkCalls.filter((c) => c.path.includes("/exchange/")).length;
    const [first, second] = await Promise.all([
      b.json<BffConnection>("POST", "/api/link/exchange", body),
      b.json<BffConnection>("POST", "/api/link/exchange", body),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(ctx.finlinkCalls.filter((c) => c.path.includes("/exchange/")).length - before).toBe(1);

    const replay = await b.json<{ reason: string }>("POST", "/api/link/exchange", body);
    expect(replay.status).toBe(400);
    expect(replay.body.reason).toBe("INVALID_STATE");
    expect((await b.json<BffConnection[]>("GET", "/api/connections")).body.map((c) => c.id)).toEqual([first.body.id]);
    // The replay never reached Finlink (a second exchange there would revoke the connection).
    expect(ctx.finlinkCalls.filter((c) => c.path.includes("/exchange/")).length - before).toBe(1);
  });

  it("refuses a tampered state, another user's state, and an update's state (400 INVALID_STATE)", async () => {
    const a = await ctx.signedIn("state-a");
    const other = await ctx.signedIn("state-b");
    const started = await a.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    const state = redirect.state as string;
    const tampered = `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`;
    for (const [who, value] of [
      [a, tampered],
      [a, `${state}x`],
      [other, state],
    ] as const) {
      const res = await who.json<{ reason: string }>("POST", "/api/link/exchange", {
        publicToken: redirect.publicToken,
        state: value,
      });
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe("INVALID_STATE");
    }
    // None of those used it up: the right user with the right state still connects.
    const ok = await a.json<BffConnection>("POST", "/api/link/exchange", { publicToken: redirect.publicToken, state });
    expect(ok.status).toBe(201);
    // A CONNECT state does not complete an update.
    const complete = await a.json<{ reason: string }>("POST", "/api/link/complete", { state });
    expect(complete.body.reason).toBe("INVALID_STATE");
  });

  it("opens 20 Link flows per user at a time: the 21st is 429 until the oldest expires, other users unaffected", async () => {
    const b = await ctx.signedIn("opener");
    const started = Date.now();
    stopped = started;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < MAX_OPEN_STATES; i++) {
        stopped = started + i * 1000;
        statuses.push((await b.json("POST", "/api/link/start", {})).status);
      }
      expect(MAX_OPEN_STATES).toBe(20);
      expect(statuses).toEqual(Array(20).fill(200));
      const refused = await b.json<{ reason: string }>("POST", "/api/link/start", {});
      expect(refused.status).toBe(429);
      expect(refused.body.reason).toBe("TOO_MANY_LINK_FLOWS");
      // The oldest was started 19 s before: it expires 15 min after its start.
      expect(refused.res.headers.get("retry-after")).toBe(String(STATE_TTL_MS / 1000 - 19));
      expect((await (await ctx.signedIn("someone-else")).json("POST", "/api/link/start", {})).status).toBe(200);
      // The oldest gone, one more opens.
      stopped = started + STATE_TTL_MS;
      expect((await b.json("POST", "/api/link/start", {})).status).toBe(200);
      expect((await b.json("POST", "/api/link/start", {})).status).toBe(429);
    } finally {
      stopped = undefined;
    }
  });

  it("takes a state until 15 minutes after the start, and not from then on", async () => {
    const b = await ctx.signedIn("expiry");
    const started = Date.now();
    stopped = started;
    try {
      const flows = [];
      for (let i = 0; i < 2; i++) {
        const link = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
        flows.push(await ctx.throughLink(link.body.url, { entity: "sandbox_bank", username: "user_good" }));
      }
      const [onTime, late] = flows as [Record<string, string>, Record<string, string>];
      stopped = started + STATE_TTL_MS - 1;
      const ok = await b.json("POST", "/api/link/exchange", { publicToken: onTime.publicToken, state: onTime.state });
      expect(ok.status).toBe(201);
      stopped = started + STATE_TTL_MS;
      const expired = await b.json<{ reason: string }>("POST", "/api/link/exchange", {
        publicToken: late.publicToken,
        state: late.state,
      });
      expect(expired.status).toBe(400);
      expect(expired.body.reason).toBe("INVALID_STATE");
    } finally {
      stopped = undefined;
    }
  });

  it("marks the state used only after success: a wrong publicToken leaves it usable", async () => {
    const b = await ctx.signedIn("retry");
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    const wrong = await b.json<{ reason: string }>("POST", "/api/link/exchange", {
      publicToken: "pub_unknown",
      state: redirect.state,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reason).toBe("INVALID_PUBLIC_TOKEN");
    const right = await b.json("POST", "/api/link/exchange", {
      publicToken: redirect.publicToken,
      state: redirect.state,
    });
    expect(right.status).toBe(201);
  });

  it("recovers through pending when the exchange answers 404 for the token it just sent", async () => {
    const b = await ctx.signedIn("lost");
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    let lost = 0;
    ctx.control.intercept = (call) => {
      if (!call.path.includes("/exchange/") || lost++ > 0) return undefined;
      return Promise.resolve(Response.json({ type: "x", title: "Not Found", status: 404 }, { status: 404 }));
    };
    try {
      const res = await b.json<BffConnection>("POST", "/api/link/exchange", {
        publicToken: redirect.publicToken,
        state: redirect.state,
      });
      expect(res.status).toBe(201);
      expect(lost).toBe(2);
      expect(ctx.finlinkCalls.some((c) => c.path === "/api/v1/queries/connections/pending")).toBe(true);
    } finally {
      ctx.control.intercept = undefined;
    }
  });

  it("refuses a token pending does not list for the user without sending it to Finlink (spent or unknown)", async () => {
    const b = await ctx.signedIn("gone");
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    const before = ctx.finlinkCalls.length;
    const res = await b.json<{ reason: string }>("POST", "/api/link/exchange", {
      publicToken: "pub_never_issued",
      state: redirect.state,
    });
    expect(res.body.reason).toBe("INVALID_PUBLIC_TOKEN");
    const calls = ctx.finlinkCalls.slice(before).map((c) => c.path);
    expect(calls).toEqual(["/api/v1/queries/connections/pending"]);
  });

  it("does not adopt a publicToken of a flow started for another user", async () => {
    const a = await ctx.signedIn("owner");
    const thief = await ctx.signedIn("thief");
    const aStart = await a.json<BffLinkUrl>("POST", "/api/link/start", {});
    const aRedirect = await ctx.throughLink(aStart.body.url, { entity: "sandbox_bank", username: "user_good" });
    const tStart = await thief.json<BffLinkUrl>("POST", "/api/link/start", {});
    const tRedirect = await ctx.throughLink(tStart.body.url, { entity: "sandbox_bank", username: "user_good" });
    const res = await thief.json<{ reason: string }>("POST", "/api/link/exchange", {
      publicToken: aRedirect.publicToken,
      state: tRedirect.state,
    });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe("INVALID_PUBLIC_TOKEN");
    expect((await thief.json<BffConnection[]>("GET", "/api/connections")).body).toEqual([]);
    // Never sent to Finlink, so not spent: its owner still connects with it.
    expect(exchangesOf(aRedirect.publicToken)).toBe(0);
    const owner = await a.json<BffConnection>("POST", "/api/link/exchange", {
      publicToken: aRedirect.publicToken,
      state: aRedirect.state,
    });
    expect(owner.status).toBe(201);
    expect((await a.json("GET", `/api/connections/${owner.body.id}/accounts`)).status).toBe(200);
  });

  it("refuses another user's spent publicToken without touching Finlink: the owner's connection keeps working", async () => {
    const victim = await ctx.signedIn("victim");
    const mallory = await ctx.signedIn("mallory");
    const vStart = await victim.json<BffLinkUrl>("POST", "/api/link/start", {});
    const vRedirect = await ctx.throughLink(vStart.body.url, { entity: "sandbox_bank", username: "user_good" });
    const owned = await victim.json<BffConnection>("POST", "/api/link/exchange", {
      publicToken: vRedirect.publicToken,
      state: vRedirect.state,
    });
    expect(owned.status).toBe(201);
    const mStart = await mallory.json<BffLinkUrl>("POST", "/api/link/start", {});
    const mRedirect = await ctx.throughLink(mStart.body.url, { entity: "sandbox_bank", username: "user_good" });
    const replay = await mallory.json<{ reason: string }>("POST", "/api/link/exchange", {
      publicToken: vRedirect.publicToken,
      state: mRedirect.state,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.reason).toBe("INVALID_PUBLIC_TOKEN");
    expect(exchangesOf(vRedirect.publicToken)).toBe(1);
    expect((await victim.json("GET", `/api/connections/${owned.body.id}/accounts`)).status).toBe(200);
    // Mallory's own state is still good for her own token.
    const own = await mallory.json("POST", "/api/link/exchange", {
      publicToken: mRedirect.publicToken,
      state: mRedirect.state,
    });
    expect(own.status).toBe(201);
  });

  it("one publicToken with two states of the same user (two tabs), one after the other or at once: one connection, still working", async () => {
    for (const together of [false, true]) {
      const b = await ctx.signedIn(`tabs-${together}`);
      const first = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
      const redirect = await ctx.throughLink(first.body.url, { entity: "sandbox_bank", username: "user_good" });
      const second = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
      const otherState = (await ctx.throughLink(second.body.url, { entity: "sandbox_bank", username: "user_good" }))
        .state;
      const send = (state: string | undefined) =>
        b.json<BffConnection>("POST", "/api/link/exchange", { publicToken: redirect.publicToken, state });
      const [one, two] = together
        ? await Promise.all([send(redirect.state), send(otherState)])
        : [await send(redirect.state), await send(otherState)];
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(two.body.id).toBe(one.body.id);
      expect((await b.json<BffConnection[]>("GET", "/api/connections")).body.map((c) => c.id)).toEqual([one.body.id]);
      // Not revoked as a reuse: the same Idempotency-Key went with both tries.
      expect((await b.json("GET", `/api/connections/${one.body.id}/accounts`)).status).toBe(200);
      // Both states are spent now.
      const again = await b.json<{ reason: string }>("POST", "/api/link/exchange", {
        publicToken: redirect.publicToken,
        state: otherState,
      });
      expect(again.body.reason).toBe("INVALID_STATE");
    }
  });

  it("after an exchange Finlink did but whose answer never came back, a retry gets the same connection", async () => {
    const b = await ctx.signedIn("crash");
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {});
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    // Finlink exchanges, every answer is lost (the node client's own retries too): the BFF gives up.
    ctx.control.intercept = async (call, forward) => {
      if (!call.path.includes("/exchange/")) return undefined;
      await forward();
      return Response.json({ type: "x", title: "Bad Gateway", status: 502 }, { status: 502 });
    };
    try {
      const failed = await b.json("POST", "/api/link/exchange", {
        publicToken: redirect.publicToken,
        state: redirect.state,
      });
      expect(failed.status).toBeGreaterThanOrEqual(500);
    } finally {
      ctx.control.intercept = undefined;
    }
    // The token is no longer pending, but this user's exchange of it was tried: replayed under its key.
    const retry = await b.json<BffConnection>("POST", "/api/link/exchange", {
      publicToken: redirect.publicToken,
      state: redirect.state,
    });
    expect(retry.status).toBe(201);
    expect((await b.json("GET", `/api/connections/${retry.body.id}/accounts`)).status).toBe(200);
  });

  const exchangesOf = (publicToken: string | undefined) =>
    ctx.finlinkCalls.filter((c) => c.path === `/api/v1/commands/connections/exchange/${publicToken}`).length;

  it("needs a signed-in user for every Link route (401 before the body is read)", async () => {
    const b = ctx.browser();
    for (const path of ["/api/link/start", "/api/link/exchange", "/api/link/complete"]) {
      const res = await b.json<{ reason: string }>("POST", path, "{not json");
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe("NOT_SIGNED_IN");
    }
  });
});
