import type { BffConnection, BffLinkUrl } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { STATE_TTL_MS } from "./link-state.service";

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

  it("does not retry a 404 for a token pending does not list (spent or unknown)", async () => {
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
    expect(calls).toEqual([
      "/api/v1/commands/connections/exchange/pub_never_issued",
      "/api/v1/queries/connections/pending",
    ]);
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
  });

  it("needs a signed-in user for every Link route (401 before the body is read)", async () => {
    const b = ctx.browser();
    for (const path of ["/api/link/start", "/api/link/exchange", "/api/link/complete"]) {
      const res = await b.json<{ reason: string }>("POST", path, "{not json");
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe("NOT_SIGNED_IN");
    }
  });
});
