import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postPinned } from "./send";
import type { Target } from "./target";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const target = (port: number, host = "127.0.0.1"): Target => ({
  url: new URL(`http://${host}:${port}/hook`),
  address: "127.0.0.1",
  family: 4,
});
const post = (t: Target, timeoutMs = 2_000) =>
  postPinned(t, { body: '{"a":1}', headers: { "vumi-verification": "jwt" }, timeoutMs });

describe("posting a webhook to the checked address", () => {
  it("sends the body and headers, and answers status, Retry-After and the start of the answer", async () => {
    let seen: { method?: string; headers?: Record<string, unknown>; body?: string } = {};
    const port = await serve((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen = { method: req.method ?? "", headers: req.headers, body };
        res.writeHead(429, { "retry-after": "30" }).end("slow down");
      });
    });
    const result = await post(target(port));
    expect(result).toMatchObject({ ok: true, status: 429, retryAfter: "30", excerpt: "slow down" });
    expect(seen.method).toBe("POST");
    expect(seen.body).toBe('{"a":1}');
    expect(seen.headers).toMatchObject({
      "content-type": "application/json",
      "content-length": "7",
      "user-agent": "Finlink-Webhooks/1",
      "vumi-verification": "jwt",
    });
  });

  it("connects to the checked address whatever the name would resolve to, with the name as Host", async () => {
    let host = "";
    const port = await serve((req, res) => {
      host = req.headers.host ?? "";
      res.end("ok");
    });
    // rebind.invalid resolves nowhere: reaching the server proves the socket went to target.address.
    const result = await post(target(port, "rebind.invalid"));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(host).toBe(`rebind.invalid:${port}`);
  });

  it("never follows a redirect", async () => {
    let redirected = 0;
    const finalPort = await serve((_req, res) => {
      redirected++;
      res.end("final");
    });
    const port = await serve((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${finalPort}/` }).end());
    expect(await post(target(port))).toMatchObject({ ok: true, status: 302 });
    expect(redirected).toBe(0);
  });

  it("keeps the first 2 KB of a large answer and stops reading", async () => {
    const port = await serve((_req, res) => {
      res.writeHead(500);
      res.write("é".repeat(1500)); // 3000 bytes: the cut falls inside a character
      res.write("x".repeat(1_000_000));
      res.end();
    });
    const result = await post(target(port));
    if (!result.ok) throw new Error(result.message);
    expect(Buffer.byteLength(result.excerpt)).toBeLessThanOrEqual(2048 + 2);
    expect(result.excerpt.startsWith("é".repeat(1000))).toBe(true);
    expect(result.excerpt).not.toContain("x");
  });

  it("ends at the deadline when the receiver never answers, or trickles its answer", async () => {
    const silent = await serve(() => {});
    const started = performance.now();
    const result = await post(target(silent), 300);
    expect(result).toMatchObject({ ok: false, error: "TIMEOUT" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(295);
    expect(performance.now() - started).toBeLessThan(1_500);
    // Headers sent, then a byte now and then: the deadline covers the body too.
    const trickle = await serve((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(timer));
    });
    expect(await post(target(trickle), 300)).toMatchObject({ ok: false, error: "TIMEOUT" });
  });

  it("tells a closed socket from a closed port", async () => {
    const rude = await serve((req) => req.socket.destroy());
    expect(await post(target(rude))).toMatchObject({ ok: false, error: "CONNECTION_RESET" });
    const closed = await serve(() => {});
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect(await post(target(closed))).toMatchObject({ ok: false, error: "CONNECTION_REFUSED" });
  });
});
