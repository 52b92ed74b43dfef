import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** The largest request body the API takes; the app answers 413 beyond it. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface BodyReadingOptions {
  maxBytes: number;
  /** Beyond `maxBytes`, a body ending within this many bytes is read to its end (and dropped) to keep the connection. */
  drainBytes: number;
  /** An oversized body still arriving after this long is given up on: answered with `Connection: close`. */
  drainTimeoutMs: number;
  /** After a `Connection: close` answer, how long the socket keeps reading (and dropping) before it is destroyed. */
  lingerMs: number;
}

export const BODY_READING: BodyReadingOptions = {
  maxBytes: MAX_BODY_BYTES,
  // 16 × the limit: cheap to read and drop, and a client sending more is not one to keep a connection for.
  drainBytes: 1024 * 1024,
  drainTimeoutMs: 10_000,
  lingerMs: 2_000,
};

type WithRawBody = IncomingMessage & { rawBody?: Buffer };

/**
 * Wraps the app's Node request listener so that the app gets each body already read (as `rawBody`, which
 * @hono/node-server takes instead of the socket stream), at most `maxBytes + 1` bytes of it: the app's own
 * body limit still answers the 413, but what happens on the wire is decided here, where it can be kept
 * right. Before, the 413 said `Connection: keep-alive` and the socket was then closed under the client.
 * - A body that ends within `drainBytes` is read to its end first, so the connection is in step again and
 *   the 413 keeps it open for the next request.
 * - A longer one (by its Content-Length, or counted, when chunked) is answered at once with
 *   `Connection: close`, and the socket keeps reading for `lingerMs` after the answer (a lingering close):
 *   closing with the client's bytes unread would send a reset, which can destroy the 413 before it is read.
 */
export function withReadBodies(listener: RequestListener, options: BodyReadingOptions = BODY_READING): RequestListener {
  return (incoming: WithRawBody, outgoing: ServerResponse) => {
    if (!hasBody(incoming)) return listener(incoming, outgoing);
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let received = 0;
    let handedOver = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const handOver = (close: boolean) => {
      if (handedOver) return;
      handedOver = true;
      clearTimeout(drainTimer);
      incoming.rawBody = Buffer.concat(kept);
      if (close) {
        outgoing.setHeader("Connection", "close");
        lingerInsteadOfDestroy(incoming.socket, options.lingerMs);
      }
      listener(incoming, outgoing);
    };
    const oversized = () => {
      drainTimer ??= setTimeout(() => handOver(true), options.drainTimeoutMs);
    };
    // The listener stays after the hand-over: the rest of an oversized body is read and dropped.
    incoming.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (keptBytes <= options.maxBytes) {
        const part = chunk.subarray(0, options.maxBytes + 1 - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (received > options.maxBytes) oversized();
      if (received > options.maxBytes + options.drainBytes) handOver(true);
    });
    incoming.on("end", () => handOver(false));
    // A client gone before its body ended gets no answer.
    incoming.on("error", () => {
      if (!handedOver) incoming.socket?.destroy();
    });
    incoming.on("close", () => {
      if (!handedOver) clearTimeout(drainTimer);
    });
    const declared = Number(incoming.headers["content-length"]);
    if (declared > options.maxBytes + options.drainBytes) handOver(true);
    else if (declared > options.maxBytes) oversized();
  };
}

function hasBody(incoming: IncomingMessage): boolean {
  return incoming.headers["transfer-encoding"] !== undefined || Number(incoming.headers["content-length"]) > 0;
}

/**
 * Node ends a `Connection: close` response with `socket.destroySoon()`. For this socket it half-closes
 * instead (the client sees the end of the answer), keeps reading, and destroys only when the client has
 * closed or after `ms`.
 */
function lingerInsteadOfDestroy(socket: Socket | null, ms: number) {
  if (!socket) return;
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}
