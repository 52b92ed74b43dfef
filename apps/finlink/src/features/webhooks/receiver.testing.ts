import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every request that reached the receiver, body read in full, in arrival order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 with a free port, answering with `answer` once a request's body is in.
 * @example const receiver = await startReceiver((_req, res) => res.writeHead(204).end());
 */
export async function startReceiver(
  answer: (req: ReceivedRequest, res: ServerResponse) => void = (_req, res) => res.writeHead(204).end(),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      answer(received, res);
    });
  });
  const port = await listen(server);
  return { origin: `http://127.0.0.1:${port}`, port, requests, close: () => closeServer(server) };
}

/** An http server with a raw handler, for answers that misbehave (never end, trickle, …). */
export async function startRawServer(
  handler: RequestListener,
): Promise<{ http: Server; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  return { http: server, port: await listen(server), close: () => closeServer(server) };
}

const openSockets = new WeakMap<NetServer, Set<Socket>>();

/** Listens on `host` (127.0.0.1) with a port the system picks, and answers that port. Any server: net, http, https. */
export function listen(server: NetServer, host = "127.0.0.1"): Promise<number> {
  const sockets = new Set<Socket>();
  openSockets.set(server, sockets);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Closes a server and destroys every connection still open on it (a receiver left hanging keeps them). */
export function closeServer(server: NetServer): Promise<void> {
  for (const socket of openSockets.get(server) ?? []) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
