import type { BffConnection, Connection } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import type { TestBrowser } from "../../testing/test-browser";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { updateConnection } from "./connections.service";
import { POLL_INTERVAL_MS } from "./status-poller";

describe.each(testBackends())("the status endpoint's calls to Finlink (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  let clock = Date.now();
  let b: TestBrowser;
  let connection: BffConnection;
  /** Finlink's status answers, held until `release()` and rewritten to PENDING, so the connection keeps moving. */
  let held: (() => void)[] = [];
  const release = () => {
    for (const go of held) go();
    held = [];
  };
  const statusCalls = () =>
    ctx.finlinkCalls.filter((c) => c.method === "GET" && /^\/api\/v1\/queries\/connections\/con_[^/]+$/.test(c.path))
      .length;

  beforeAll(async () => {
    ctx = await createBffTestContext({ backend, now: () => new Date(clock) });
    b = await ctx.signedIn("poller");
    connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    ctx.control.intercept = async (call, forward) => {
      if (call.method !== "GET" || !/^\/api\/v1\/queries\/connections\/con_[^/]+$/.test(call.path)) return undefined;
      await new Promise<void>((resolve) => held.push(resolve));
      const status = (await (await forward()).json()) as Connection;
      return Response.json({ ...status, status: "PENDING" });
    };
    await updateConnection(ctx.services, connection.id, { status: "PENDING" });
  });
  afterAll(() => ctx?.close());

  const poll = () => b.json<BffConnection>("GET", `/api/connections/${connection.id}`);
  /** Waits until Finlink's answer is being held (the call is in flight), then a moment for the other polls. */
  const settle = async () => {
    for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it("makes one Finlink call for many concurrent polls", async () => {
    expect(POLL_INTERVAL_MS).toBe(1000);
    const before = statusCalls();
    const polls = Array.from({ length: 12 }, poll);
    await settle();
    release();
    const answers = await Promise.all(polls);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(answers.map((a) => a.body.status)).toEqual(Array(12).fill("PENDING"));
    expect(statusCalls() - before).toBe(1);
  });

  it("joins a call in flight even once the second has passed: never two at once", async () => {
    clock += POLL_INTERVAL_MS;
    const before = statusCalls();
    const first = poll();
    await settle();
    clock += 5 * POLL_INTERVAL_MS;
    const late = poll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(held.length).toBe(1);
    release();
    await Promise.all([first, late]);
    expect(statusCalls() - before).toBe(1);
  });

  it("answers from the store within the second, and asks Finlink again once it has passed", async () => {
    clock += POLL_INTERVAL_MS;
    const asked = poll();
    await settle();
    release();
    await asked;
    const before = statusCalls();
    clock += POLL_INTERVAL_MS - 1;
    expect((await Promise.all([poll(), poll(), poll()])).map((a) => a.body.status)).toEqual(Array(3).fill("PENDING"));
    expect(statusCalls() - before).toBe(0);

    clock += 1;
    const polls = [poll(), poll()];
    await settle();
    release();
    await Promise.all(polls);
    expect(statusCalls() - before).toBe(1);
  });

  it("counts the list too: its polls share the same per-connection call", async () => {
    clock += POLL_INTERVAL_MS;
    const before = statusCalls();
    const list = b.json<BffConnection[]>("GET", "/api/connections");
    const polls = [poll(), poll()];
    await settle();
    release();
    await Promise.all(polls);
    expect((await list).body.map((c) => c.id)).toEqual([connection.id]);
    expect(statusCalls() - before).toBe(1);
  });

  it("answers the stored status when Finlink fails, and stops asking once the connection settles", async () => {
    clock += POLL_INTERVAL_MS;
    const intercept = ctx.control.intercept;
    ctx.control.intercept = () => Promise.resolve(new Response("down", { status: 503 }));
    try {
      const res = await poll();
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("PENDING");
    } finally {
      ctx.control.intercept = intercept;
    }
    ctx.control.intercept = undefined;
    clock += POLL_INTERVAL_MS;
    expect((await poll()).body.status).toBe("READY");
    const before = statusCalls();
    clock += 10 * POLL_INTERVAL_MS;
    await Promise.all([poll(), poll()]);
    expect(statusCalls()).toBe(before);
  });
});
