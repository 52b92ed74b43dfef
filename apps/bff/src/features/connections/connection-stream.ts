import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../../app-env";
import { serializeError } from "../../lib/logger";
import { tooManyRequests } from "../../lib/problem";
import { signedInUser } from "../session/session.middleware";
import type { ConnectionEvent } from "./connection-events";
import { type ConnectionRow, toBffConnection } from "./connection-view";

/** How long EventSource waits before reconnecting after a drop (the `retry:` field). */
export const RETRY_MS = 2000;

type Wake = "event" | "heartbeat" | "closed";

/**
 * `GET /api/connections/:id/events`: the connection as Server-Sent Events. First its snapshot (the status
 * route's JSON), then each change as it is stored — a webhook applied, a poll, the user's refresh, update or
 * delete — and `deleted` at the end if it goes. Events are never queued behind a slow reader: only the
 * latest state waits, and a state equal to the last one sent is not sent again.
 */
export function streamConnection(c: Context<AppEnv>, row: ConnectionRow): Response {
  const { services } = c.var;
  const { heartbeatMs } = services.streams;
  const release = services.streams.take(signedInUser(c).id);
  if (!release)
    throw tooManyRequests(
      `At most ${services.streams.max} live connection pages at once: close one, or rely on polling`,
      "TOO_MANY_STREAMS",
      10,
    );
  const response = streamSSE(c, async (stream) => {
    let latest: ConnectionEvent | undefined;
    let wake: ((why: Wake) => void) | undefined;
    let closed = false;
    const close = () => {
      closed = true;
      if (!stream.aborted) stream.abort();
      wake?.("closed");
    };
    const signal = c.req.raw.signal;
    signal.addEventListener("abort", close);
    stream.onAbort(close);
    // Listening before the snapshot is read: a change in between is sent after it, never lost.
    const unsubscribe = services.events.subscribe(row.id, (event) => {
      if (latest?.type !== "deleted") latest = event;
      wake?.("event");
    });
    const next = () =>
      closed
        ? Promise.resolve<Wake>("closed")
        : latest
          ? Promise.resolve<Wake>("event")
          : new Promise<Wake>((resolve) => {
              const timer = setTimeout(() => wake?.("heartbeat"), heartbeatMs);
              wake = (why) => {
                clearTimeout(timer);
                wake = undefined;
                resolve(why);
              };
            });
    try {
      const current = await services.poller.current(row);
      let sent = current ? JSON.stringify(toBffConnection(current)) : "";
      if (current) await stream.writeSSE({ event: "connection", data: sent, retry: RETRY_MS });
      else latest = { type: "deleted", id: row.id };
      for (let why = await next(); why !== "closed"; why = await next()) {
        if (why === "heartbeat") {
          await stream.write(": heartbeat\n\n");
          continue;
        }
        const event = latest;
        latest = undefined;
        if (event?.type === "deleted") {
          await stream.writeSSE({ event: "deleted", data: JSON.stringify({ id: row.id }), retry: RETRY_MS });
          break;
        }
        const data = event ? JSON.stringify(event.connection) : sent;
        if (data === sent) continue;
        sent = data;
        await stream.writeSSE({ event: "connection", data });
      }
    } catch (error) {
      services.logger.warn({ error: serializeError(error), connectionId: row.id }, "connection stream failed");
    } finally {
      wake?.("closed");
      unsubscribe();
      signal.removeEventListener("abort", close);
      release();
    }
  });
  response.headers.set("Cache-Control", "no-store");
  // nginx and its kin buffer proxied answers by default: an event would wait there for the buffer to fill.
  response.headers.set("X-Accel-Buffering", "no");
  return response;
}
