import type { Connection } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { statusReads } from "../../testing/webhooks";
import { updateConnection } from "./connections.service";
import { POLL_INTERVAL_MS } from "./status-poller";

const STATUS_PATH = /^\/api\/v1\/queries\/connections\/con_[^/]+$/;

describe("the poller's reads after a webhook, and a connection Finlink no longer knows", () => {
  let ctx: BffTestContext;
  // The BFF's clock runs with the real one, moved ahead by hand where a test needs a poll interval to pass.
  let ahead = 0;
  beforeAll(async () => {
    ctx = await createBffTestContext({ now: () => new Date(Date.now() + ahead) });
  });
  afterAll(() => ctx?.close());

  async function ready(name: string) {
    const b = await ctx.signedIn(name);
    const connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(b, connection.id, ["READY"]);
    const row = await ctx.storedConnection(connection.id);
    if (!row) throw new Error("not stored");
    return { b, row };
  }

  it("fresh() never joins a read in flight (it may predate the change): one more read, shared, after it", async () => {
    const { row } = await ready("fresh");
    // The first read is held and answers PENDING (Finlink before the change); later reads answer the truth.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    ctx.control.intercept = async (call, forward) => {
      if (call.method !== "GET" || !STATUS_PATH.test(call.path)) return undefined;
      calls += 1;
      if (calls > 1) return undefined;
      await held;
      return Response.json({ ...((await (await forward()).json()) as Connection), status: "PENDING" });
    };
    try {
      const before = statusReads(ctx);
      const inflight = ctx.services.poller.now(row);
      const afterChange = [
        ctx.services.poller.fresh(row),
        ctx.services.poller.fresh(row),
        ctx.services.poller.fresh(row),
      ];
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statusReads(ctx) - before).toBe(1);
      release();
      expect((await inflight)?.status).toBe("PENDING");
      expect((await Promise.all(afterChange)).map((r) => r?.status)).toEqual(["READY", "READY", "READY"]);
      expect(statusReads(ctx) - before).toBe(2);
      expect((await ctx.storedConnection(row.id))?.status).toBe("READY");
    } finally {
      release();
      ctx.control.intercept = undefined;
    }
  });

  it("removes a connection when Finlink answers 404 CONNECTION_NOT_FOUND, and keeps it on any other 404", async () => {
    const { b, row } = await ready("gone");
    const proxy404 = () => Promise.resolve(new Response("Not Found", { status: 404 }));
    ctx.control.intercept = (call) => (STATUS_PATH.test(call.path) ? proxy404() : undefined);
    try {
      expect(await ctx.services.poller.now(row)).toMatchObject({ id: row.id });
    } finally {
      ctx.control.intercept = undefined;
    }
    expect(await ctx.storedConnection(row.id)).toBeDefined();

    await ctx.services.finlink.api.deleteConnection(await ctx.connectionTokenOf(row.id));
    expect(await ctx.services.poller.now(row)).toBeNull();
    expect(await ctx.storedConnection(row.id)).toBeUndefined();
    expect((await b.request("GET", `/api/connections/${row.id}`)).status).toBe(404);
  });

  it("answers 404 on the status route when the poll finds it gone, and leaves it out of the list", async () => {
    const { b, row: polled } = await ready("gone-polled");
    const listed = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    const kept = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(b, kept.id, ["READY"]);
    await ctx.waitForStatus(b, listed.id, ["READY"]);
    // Moving (as during an update), so the status route and the list ask Finlink; gone there meanwhile.
    for (const id of [polled.id, listed.id]) {
      await updateConnection(ctx.services, id, { status: "UPDATING" });
      await ctx.services.finlink.api.deleteConnection(await ctx.connectionTokenOf(id));
    }
    // The list asks Finlink once a connection's last read is a poll interval old: however fast Finlink
    // answered the reads above, that time has passed.
    ahead += POLL_INTERVAL_MS;
    const res = await b.json<{ reason: string }>("GET", `/api/connections/${polled.id}`);
    expect([res.status, res.body.reason]).toEqual([404, "CONNECTION_NOT_FOUND"]);
    const list = await b.json<{ id: string }[]>("GET", "/api/connections");
    expect(list.body.map((c) => c.id)).toEqual([kept.id]);
    expect(await ctx.storedConnection(listed.id)).toBeUndefined();
  });
});
