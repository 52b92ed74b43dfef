import type { BffConnection } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSse } from "../../testing/sse";
import type { TestBrowser } from "../../testing/test-browser";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";
import { RETRY_MS } from "./connection-stream";
import { updateConnection } from "./connections.service";
import { MAX_STREAMS_PER_USER, StreamSlots } from "./stream-slots";

const HEARTBEAT_MS = 100;

/** The stream's next connection event matching `check` (the ones before it are states on the way). */
async function until(stream: ReturnType<typeof readSse>, check: (c: BffConnection) => boolean) {
  for (;;) {
    const event = await stream.next();
    const connection = JSON.parse(event.data) as BffConnection;
    if (event.event === "connection" && check(connection)) return connection;
  }
}

describe("GET /api/connections/:id/events", () => {
  let ctx: BffTestContext;
  let owner: TestBrowser;
  let connection: BffConnection;
  beforeAll(async () => {
    ctx = await createBffTestContext({ streams: new StreamSlots(MAX_STREAMS_PER_USER, HEARTBEAT_MS) });
    owner = await ctx.signedIn("streamer");
    connection = await ctx.connect(owner, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(owner, connection.id, ["READY"]);
  });
  afterAll(() => ctx?.close());

  const path = () => `/api/connections/${connection.id}/events`;
  /** Waits (a little) for the server to notice a closed stream. */
  const settled = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return check();
  };

  it("answers an unbuffered, uncached event stream whose first event is the status route's snapshot", async () => {
    const res = await owner.request("GET", path());
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/event-stream");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Accel-Buffering")).toBe("no");
    expect(res.headers.get("Content-Encoding")).toBeNull();
    const stream = readSse(res);
    const first = await stream.next();
    const status = await owner.json<BffConnection>("GET", `/api/connections/${connection.id}`);
    expect(first).toEqual({ event: "connection", data: JSON.stringify(status.body), retry: RETRY_MS });
    expect(RETRY_MS).toBe(2000);
    await stream.cancel();
  });

  it("sends each change once it is stored, never the same state twice, and heartbeats while idle", async () => {
    const stream = readSse(await owner.request("GET", path()));
    await stream.next();
    // The same snapshot written again (a poll that found nothing new) sends nothing…
    await updateConnection(ctx.services, connection.id, { status: "READY" });
    // …a change does, at once.
    await updateConnection(ctx.services, connection.id, { userAction: "UPDATE" });
    const changed = await stream.next();
    expect([changed.event, (JSON.parse(changed.data) as BffConnection).userAction]).toEqual(["connection", "UPDATE"]);
    await updateConnection(ctx.services, connection.id, { userAction: null });
    expect((JSON.parse((await stream.next()).data) as BffConnection).userAction).toBeNull();
    // Idle: comment lines only, about every HEARTBEAT_MS.
    const comments = stream.comments;
    await expect(stream.next(HEARTBEAT_MS * 4)).rejects.toThrow(/no event/);
    expect(stream.comments - comments).toBeGreaterThanOrEqual(2);
    await stream.cancel();
  });

  it("follows the user's refresh (UPDATING, then READY) and ends with `deleted` when the user deletes it", async () => {
    const b = await ctx.signedIn("stream-refresh");
    const own = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(b, own.id, ["READY"]);
    const stream = readSse(await b.request("GET", `/api/connections/${own.id}/events`));
    expect(JSON.parse((await stream.next()).data)).toMatchObject({ status: "READY" });
    expect((await b.request("POST", `/api/connections/${own.id}/refresh`)).status).toBe(202);
    expect(JSON.parse((await stream.next()).data)).toMatchObject({ status: "UPDATING" });
    // The page's polls store the READY (the stream is what tells the page).
    await ctx.waitForStatus(b, own.id, ["READY"]);
    expect((await until(stream, (c) => c.status === "READY")).status).toBe("READY");
    expect((await b.request("DELETE", `/api/connections/${own.id}`)).status).toBe(204);
    const deleted = await stream.next();
    expect([deleted.event, JSON.parse(deleted.data)]).toEqual(["deleted", { id: own.id }]);
    await stream.end();
    expect(await settled(() => ctx.services.events.listenerCount(own.id) === 0)).toBe(true);
  });

  it("answers another user's connection, or none, with the same 404 as the other routes; signed out 401", async () => {
    const intruder = await ctx.signedIn("stream-intruder");
    for (const id of [connection.id, crypto.randomUUID(), "not-a-uuid"]) {
      const res = await intruder.json<{ reason: string }>("GET", `/api/connections/${id}/events`);
      expect([id, res.status, res.res.headers.get("Content-Type"), res.body.reason]).toEqual([
        id,
        404,
        "application/problem+json",
        "CONNECTION_NOT_FOUND",
      ]);
    }
    expect((await ctx.browser().request("GET", path())).status).toBe(401);
    expect(ctx.services.streams.openCount()).toBe(0);
    expect(ctx.services.events.listenerCount(connection.id)).toBe(0);
  });

  it("frees the listener and the slot when the tab closes (the body cancelled, or the request aborted)", async () => {
    expect(ctx.services.events.listenerCount(connection.id)).toBe(0);
    const cancelled = readSse(await owner.request("GET", path()));
    await cancelled.next();
    const aborter = new AbortController();
    const aborted = readSse(await owner.request("GET", path(), { signal: aborter.signal }));
    await aborted.next();
    expect(ctx.services.events.listenerCount(connection.id)).toBe(2);
    expect(ctx.services.streams.openCount()).toBe(2);

    await cancelled.cancel();
    expect(await settled(() => ctx.services.events.listenerCount(connection.id) === 1)).toBe(true);
    aborter.abort();
    expect(await settled(() => ctx.services.events.listenerCount(connection.id) === 0)).toBe(true);
    expect(ctx.services.streams.openCount()).toBe(0);
  });

  it(`opens ${MAX_STREAMS_PER_USER} streams per user and refuses the next with 429 until one closes`, async () => {
    expect(MAX_STREAMS_PER_USER).toBe(10);
    const open = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const res = await owner.request("GET", path());
      expect([i, res.status]).toEqual([i, 200]);
      open.push(readSse(res));
    }
    const refused = await owner.json<{ reason: string }>("GET", path());
    expect([refused.status, refused.body.reason, refused.res.headers.get("Retry-After")]).toEqual([
      429,
      "TOO_MANY_STREAMS",
      "10",
    ]);
    // Another user is not affected by this one's streams.
    const other = await ctx.signedIn("stream-other");
    const own = await ctx.connect(other, { entity: "sandbox_bank", username: "user_good" });
    const theirs = await other.request("GET", `/api/connections/${own.id}/events`);
    expect(theirs.status).toBe(200);
    await readSse(theirs).cancel();

    await open.pop()?.cancel();
    expect(await settled(() => ctx.services.streams.openCount() === MAX_STREAMS_PER_USER - 1)).toBe(true);
    const again = await owner.request("GET", path());
    expect(again.status).toBe(200);
    open.push(readSse(again));
    for (const stream of open) await stream.cancel();
    expect(await settled(() => ctx.services.streams.openCount() === 0)).toBe(true);
    expect(ctx.services.events.listenerCount()).toBe(0);
  });
});
