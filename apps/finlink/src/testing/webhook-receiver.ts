import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  body: string;
  headers: IncomingMessage["headers"];
  path: string;
  at: number;
}

/** What the receiver does with a request it has read: answer, or misbehave. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

export const answer =
  (status: number, body = "", headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "text/plain", ...headers });
    res.end(body);
  };

/** Never answers (the sender's deadline ends it). */
export const hang: Behaviour = () => {};

/** Closes the connection without an answer. */
export const hangUp: Behaviour = (req) => {
  req.socket.destroy();
};

/**
 * A webhook receiver on 127.0.0.1: records every request, answers as told (200 by default), and can go
 * down and come back on the same port.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let behaviour: Behaviour = answer(200, "ok");
  let port = 0;
  let server: Server | undefined;
  const waiters = new Set<() => void>();

  const listen = async () => {
    const next = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const entry = {
          body: Buffer.concat(chunks).toString("utf8"),
          headers: req.headers,
          path: req.url ?? "",
          at: Date.now(),
        };
        received.push(entry);
        for (const wake of waiters) wake();
        behaviour(req, res, entry);
      });
    });
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  await listen();

  const stop = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    current.closeAllConnections();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    port,
    received,
    /** The parsed bodies received so far. */
    bodies: () => received.map((r) => JSON.parse(r.body) as Record<string, unknown>),
    behave(next: Behaviour) {
      behaviour = next;
    },
    /** Stops listening: senders get "connection refused". */
    down: stop,
    /** Listens again on the same port. */
    up: listen,
    /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
    async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`receiver got ${received.length} requests, expected ${count}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, 200));
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
      return received.slice(0, count);
    },
    close: stop,
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
