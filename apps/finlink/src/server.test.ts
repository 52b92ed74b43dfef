import { Agent, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_READING, MAX_BODY_BYTES } from "./lib/http-body";
import { listen } from "./server";
import { createTestContext, type TestContext } from "./testing/test-context";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
  reusedSocket: boolean;
}

/** Over a real socket: whether a client's connection survives an oversized body is a property of the wire. */
describe("oversized bodies on a keep-alive connection", () => {
  let ctx: TestContext;
  let server: Server;
  let agent: Agent;
  beforeAll(async () => {
    ctx = await createTestContext({ workers: false });
    server = listen(ctx.app, { hostname: "127.0.0.1", port: 0 });
    await new Promise((resolve) => server.once("listening", resolve));
  });
  afterAll(async () => {
    agent?.destroy();
    await new Promise((resolve) => server.close(resolve));
    await ctx.close();
  });

  /** One request through `agent` (one socket at most, kept alive); a body in parts is sent chunked. */
  function send(method: string, path: string, body?: Buffer | Buffer[]): Promise<Answer> {
    const { port } = server.address() as AddressInfo;
    const headers: Record<string, string | number> = { "Content-Type": "application/json" };
    if (Buffer.isBuffer(body)) headers["Content-Length"] = body.length;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ agent, host: "127.0.0.1", port, method, path, headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString(),
            socket: req.socket as Socket,
            reusedSocket: req.reusedSocket,
          }),
        );
      });
      req.on("error", reject);
      if (Array.isArray(body)) for (const part of body) req.write(part);
      req.end(Buffer.isBuffer(body) ? body : undefined);
    });
  }

  const bytes = (n: number) => Buffer.alloc(n, "x");
  const chunked = (n: number) =>
    Array.from({ length: Math.ceil(n / 16_384) }, (_, i) => bytes(Math.min(16_384, n - i * 16_384)));
  const login = (body: Buffer | Buffer[]) => send("POST", "/api/v1/auth/login", body);
  const next = () => send("GET", "/api/v1/openapi.json");

  it("keeps an idle keep-alive socket 65 s, longer than clients do (Node's 5 s races their reuse)", async () => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await next();
    expect(answer.status).toBe(200);
    expect(answer.headers["keep-alive"]).toBe("timeout=65");
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    agent.destroy();
  });

  const drainLimit = MAX_BODY_BYTES + BODY_READING.drainBytes;
  const kept = [
    ["Content-Length just over the limit", () => bytes(MAX_BODY_BYTES + 1)],
    ["Content-Length at the drain limit", () => bytes(drainLimit)],
    ["chunked, 200 KB", () => chunked(200_000)],
    ["chunked, at the drain limit", () => chunked(drainLimit)],
  ] as const;
  const closed = [
    ["Content-Length one byte past the drain limit", () => bytes(drainLimit + 1)],
    ["Content-Length of 3 MB", () => bytes(3 * 1024 * 1024)],
    ["chunked, one byte past the drain limit", () => chunked(drainLimit + 1)],
    ["chunked, 3 MB", () => chunked(3 * 1024 * 1024)],
  ] as const;

  it.each(kept)("%s: the 413 keeps the connection, and the next request is answered on it", async (_name, body) => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const oversized = await login(body());
    expect(oversized.status).toBe(413);
    expect(oversized.headers["content-type"]).toBe("application/problem+json");
    expect(oversized.headers.connection).toBe("keep-alive");
    const after = await next();
    expect(after.status).toBe(200);
    expect(after.reusedSocket).toBe(true);
    expect(after.socket).toBe(oversized.socket);
    agent.destroy();
  });

  it.each(closed)("%s: the 413 says Connection: close, and the next request goes on a new socket", async (_n, body) => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const oversized = await login(body());
    expect(oversized.status).toBe(413);
    expect(oversized.headers["content-type"]).toBe("application/problem+json");
    expect(oversized.headers.connection).toBe("close");
    const after = await next();
    expect(after.status).toBe(200);
    expect(after.reusedSocket).toBe(false);
    expect(after.socket).not.toBe(oversized.socket);
    agent.destroy();
  });

  it("takes a body of exactly the limit (no 413) and keeps the connection", async () => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const atLimit = await login(bytes(MAX_BODY_BYTES));
    expect(atLimit.status).toBe(400); // read whole, and refused as the malformed JSON it is
    expect(atLimit.headers.connection).toBe("keep-alive");
    expect((await next()).reusedSocket).toBe(true);
    agent.destroy();
  });
});

describe("a client that stops sending an oversized body", () => {
  it("gets a 413 with Connection: close once the drain times out, and the socket is closed", async () => {
    const ctx = await createTestContext({ workers: false });
    const bodyReading = { ...BODY_READING, drainTimeoutMs: 200 };
    const server = listen(ctx.app, { hostname: "127.0.0.1", port: 0, bodyReading });
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
      let received = "";
      socket.on("data", (part: Buffer) => {
        received += part.toString();
      });
      const closed = new Promise((resolve) => socket.once("close", resolve));
      const length = MAX_BODY_BYTES + 100;
      socket.write(
        `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
      );
      socket.write("x".repeat(MAX_BODY_BYTES + 10)); // 90 bytes short, and never sent
      await closed;
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
      expect(received.toLowerCase()).toContain("connection: close");
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
    }
  });
});

describe("the console's own listener", () => {
  it("serves the console's pages and forms over a socket, and none of the API", async () => {
    const ctx = await createTestContext({ workers: false });
    const server = listen(ctx.consoleApp, { hostname: "127.0.0.1", port: 0 });
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const signIn = await fetch(`${at}/console/sign-in`);
      expect(signIn.status).toBe(200);
      expect(signIn.headers.get("content-security-policy")).toContain("form-action 'self'");
      // A form post's body is read through `withReadBodies` as on the API's listener: a wrong password's page.
      const post = await fetch(`${at}/console/sign-in`, {
        method: "POST",
        headers: { Origin: ctx.config.console?.publicUrl ?? "", "Content-Type": "application/x-www-form-urlencoded" },
        body: "username=nobody&password=wrong-password-here",
      });
      expect(post.status).toBe(401);
      expect((await fetch(`${at}/api/v1/openapi.json`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
    }
  });
});
