import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeServer, listen, type Receiver, startRawServer, startReceiver } from "./receiver.testing";
import { postPinned, type SendResult } from "./send";
import { type LookupAll, resolveTarget, type Target } from "./target";

// The certificate tests need a CA the client trusts, and postPinned takes no TLS options (production
// trusts the system's roots only): while `trust.ca` is set, the https module adds it to each request.
const trust = vi.hoisted(() => ({ ca: undefined as string | undefined }));
vi.mock("node:https", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:https")>();
  const request = ((options: import("node:https").RequestOptions, callback: (res: IncomingMessage) => void) =>
    actual.request(trust.ca ? { ...options, ca: trust.ca } : options, callback)) as typeof actual.request;
  return { ...actual, request };
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  trust.ca = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A target at 127.0.0.1 for `url` (no DNS: the tests' names end in .test, which never resolves). */
function at(url: string, address = "127.0.0.1"): Target {
  return { url: new URL(url), address, family: address.includes(":") ? 6 : 4 };
}

const request = { body: '{"webhookId":"w1","type":"CONNECTION_READY"}', headers: {}, timeoutMs: 2000 };

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const started = await startReceiver(answer);
  cleanups.push(() => started.close());
  return started;
}

function expectOk(result: SendResult): asserts result is Extract<SendResult, { ok: true }> {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
}

function expectFailure(result: SendResult, error: string) {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: false, error });
}

describe("postPinned: answers", () => {
  it("POSTs the body with JSON, length, user agent and the caller's headers; answers status and excerpt", async () => {
    const server = await receiver((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("thanks"));
    const result = await postPinned(at(`${server.origin}/hooks/finlink?tenant=4`), {
      ...request,
      headers: { "vumi-verification": "jwt.value", "Content-Type": "text/plain", Host: "evil.test" },
    });
    expectOk(result);
    expect(result).toMatchObject({ status: 200, excerpt: "thanks", retryAfter: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received).toMatchObject({ method: "POST", url: "/hooks/finlink?tenant=4", body: request.body });
    // The caller's spelling of our headers does not replace ours.
    expect(received?.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(request.body)),
      "user-agent": "Finlink-Webhooks/1",
      "vumi-verification": "jwt.value",
      connection: "close",
    });
  });

  it("counts the body's length in bytes, not characters", async () => {
    const server = await receiver();
    const body = '{"name":"Muñoz €"}';
    expectOk(await postPinned(at(server.origin), { ...request, body }));
    expect(server.requests[0]?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(server.requests[0]?.body).toBe(body);
  });

  it("answers a 500 and a 429 with Retry-After as answers", async () => {
    const failing = await receiver((_req, res) => res.writeHead(500).end("boom"));
    expect(await postPinned(at(failing.origin), request)).toMatchObject({ ok: true, status: 500, excerpt: "boom" });
    const limited = await receiver((_req, res) => res.writeHead(429, { "retry-after": "120" }).end());
    expect(await postPinned(at(limited.origin), request)).toMatchObject({
      ok: true,
      status: 429,
      retryAfter: "120",
      excerpt: "",
    });
  });

  it("does not follow a redirect: the 301 is the answer and its target sees nothing", async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver((_req, res) => res.writeHead(301, { location: `${elsewhere.origin}/` }).end());
    expect(await postPinned(at(redirecting.origin), request)).toMatchObject({ ok: true, status: 301 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(redirecting.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("opens a new connection for each attempt (no pooled socket to reuse)", async () => {
    let connections = 0;
    const server = await startRawServer((_req, res) => res.writeHead(204).end());
    cleanups.push(server.close);
    server.http.on("connection", () => connections++);
    for (let i = 0; i < 2; i++) expectOk(await postPinned(at(`http://127.0.0.1:${server.port}/`), request));
    expect(connections).toBe(2);
  });
});

/** A raw TCP server on 127.0.0.1 that does `onConnection` with each socket (and never speaks HTTP itself). */
async function tcpServer(onConnection: (socket: import("node:net").Socket) => void): Promise<number> {
  const server = createNetServer(onConnection);
  const port = await listen(server);
  cleanups.push(() => closeServer(server));
  return port;
}

async function rawServer(handler: Parameters<typeof startRawServer>[0]) {
  const server = await startRawServer(handler);
  cleanups.push(server.close);
  return server;
}

const TIMEOUT_MS = 300;
// The deadline is one timer: the result comes at it, give or take the loop's delay on a loaded machine.
function expectAtDeadline(result: SendResult) {
  expect(result.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  expect(result.latencyMs).toBeLessThan(TIMEOUT_MS + 700);
}

describe("postPinned: one deadline", () => {
  it("ends a receiver that reads the request and never answers at the deadline, as TIMEOUT", async () => {
    const server = await rawServer(() => {});
    const result = await postPinned(at(`http://127.0.0.1:${server.port}/`), { ...request, timeoutMs: TIMEOUT_MS });
    expectFailure(result, "TIMEOUT");
    expectAtDeadline(result);
  });

  it("ends a TCP server that accepts and never speaks, over https too (the deadline covers TLS)", async () => {
    const port = await tcpServer(() => {});
    for (const scheme of ["http", "https"]) {
      const result = await postPinned(at(`${scheme}://rebind.test:${port}/`), { ...request, timeoutMs: TIMEOUT_MS });
      expectFailure(result, "TIMEOUT");
      expectAtDeadline(result);
    }
  });

  it("keeps the status of a receiver that sends headers and trickles its body, with what arrived by the deadline", async () => {
    // The status line is the receiver's verdict; the body is only logged. So the answer is ok with its
    // status, and the deadline (not the trickle) decides when we stop listening.
    let closedByUs = false;
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.flushHeaders();
      const drip = setInterval(() => res.write("x"), 40);
      res.on("close", () => {
        clearInterval(drip);
        closedByUs = !res.writableEnded;
      });
    });
    const result = await postPinned(at(`http://127.0.0.1:${server.port}/`), { ...request, timeoutMs: TIMEOUT_MS });
    expectOk(result);
    expect(result.status).toBe(200);
    expect(result.excerpt).toMatch(/^x{2,}$/);
    expect(result.excerpt.length).toBeLessThan(20);
    expectAtDeadline(result);
    await vi.waitFor(() => expect(closedByUs).toBe(true));
  });

  it("ends a receiver that answers the headers after the deadline", async () => {
    const server = await rawServer((_req, res) => {
      const late = setTimeout(() => res.writeHead(200).end("late"), TIMEOUT_MS + 200);
      res.on("close", () => clearTimeout(late));
    });
    const result = await postPinned(at(`http://127.0.0.1:${server.port}/`), { ...request, timeoutMs: TIMEOUT_MS });
    expectFailure(result, "TIMEOUT");
  });
});

describe("postPinned: the excerpt", () => {
  it("reads 2048 bytes of a 1 MB answer", async () => {
    const server = await receiver((_req, res) => res.writeHead(200).end(Buffer.alloc(1024 * 1024, "a")));
    const result = await postPinned(at(server.origin), request);
    expectOk(result);
    expect(result.excerpt).toBe("a".repeat(2048));
  });

  it("closes the socket once the excerpt is read: the receiver cannot send its whole answer", async () => {
    // Paced writes, so the 1 MB cannot all sit in the kernel's buffers before we hang up.
    let written = 0;
    let closedEarly = false;
    const server = await rawServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, "b");
      const pump = setInterval(() => {
        if (written >= 1024 * 1024) return void res.end();
        res.write(chunk);
        written += chunk.length;
      }, 5);
      res.on("close", () => {
        clearInterval(pump);
        closedEarly = !res.writableFinished;
      });
    });
    const result = await postPinned(at(`http://127.0.0.1:${server.port}/`), { ...request, maxExcerptBytes: 100 });
    expectOk(result);
    expect(result.excerpt).toBe("b".repeat(100));
    await vi.waitFor(() => expect(closedEarly).toBe(true));
    expect(written).toBeLessThan(1024 * 1024);
  });

  it("does not cut a UTF-8 character at the limit", async () => {
    const answers = [`${"a".repeat(2045)}€b`, `${"a".repeat(2046)}€`, `${"a".repeat(2047)}€`, "ñ".repeat(1500)];
    const server = await receiver((req, res) => res.writeHead(200).end(answers[Number(req.url.slice(1))]));
    const excerpts: string[] = [];
    for (const i of answers.keys()) {
      const result = await postPinned(at(`${server.origin}/${i}`), request);
      expectOk(result);
      excerpts.push(result.excerpt);
    }
    expect(excerpts).toEqual([`${"a".repeat(2045)}€`, "a".repeat(2046), "a".repeat(2047), "ñ".repeat(1024)]);
  });

  it("replaces bytes that are not UTF-8 instead of failing", async () => {
    const server = await receiver((_req, res) => res.writeHead(200).end(Buffer.from([0x6f, 0x6b, 0xff, 0x21])));
    expect(await postPinned(at(server.origin), request)).toMatchObject({ ok: true, excerpt: "ok\uFFFD!" });
  });
});

describe("postPinned: no answer", () => {
  it("reports a closed port as CONNECTION_REFUSED", async () => {
    const server = createNetServer();
    const port = await listen(server);
    await closeServer(server);
    expectFailure(await postPinned(at(`http://127.0.0.1:${port}/`), request), "CONNECTION_REFUSED");
  });

  it("reports a server that drops or resets the connection as CONNECTION_RESET", async () => {
    const dropping = await tcpServer((socket) => socket.destroy());
    expectFailure(await postPinned(at(`http://127.0.0.1:${dropping}/`), request), "CONNECTION_RESET");
    const resetting = await tcpServer((socket) => socket.resetAndDestroy());
    expectFailure(await postPinned(at(`http://127.0.0.1:${resetting}/`), request), "CONNECTION_RESET");
  });

  it("reports an answer that is not HTTP as NETWORK", async () => {
    const port = await tcpServer((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n"));
    const result = await postPinned(at(`http://127.0.0.1:${port}/`), request);
    expectFailure(result, "NETWORK");
    expect(result).toMatchObject({ message: expect.stringContaining("HPE_") });
  });

  it("does not throw for a header it cannot send", async () => {
    const server = await receiver();
    const result = await postPinned(at(server.origin), { ...request, headers: { "x-bad": "a\r\nInjected: 1" } });
    expectFailure(result, "NETWORK");
    expect(server.requests).toHaveLength(0);
  });
});

describe("postPinned: pinned to the checked address", () => {
  it("connects to target.address whatever the hostname, and sends the hostname as Host", async () => {
    const server = await receiver();
    // rebind.test would not resolve at all (.test is reserved): reaching the receiver proves no lookup ran.
    expectOk(await postPinned(at(`http://rebind.test:${server.port}/hook`), request));
    expect(server.requests[0]?.headers.host).toBe(`rebind.test:${server.port}`);
  });

  it("uses the address resolveTarget checked, not a later answer of the name", async () => {
    const server = await receiver();
    const answers = [["127.0.0.1"], ["203.0.113.9"]];
    let calls = 0;
    const lookup: LookupAll = async () => (answers[calls++] ?? []).map((address) => ({ address, family: 4 }));
    const target = await resolveTarget(`http://rebind.test:${server.port}/`, {
      allowPrivate: true,
      requireHttps: false,
      lookup,
    });
    expectOk(await postPinned(target, request));
    expect(server.requests).toHaveLength(1);
    expect(calls).toBe(1);
  });

  it("connects to an IPv6 address", async () => {
    const hosts: (string | undefined)[] = [];
    const http = createHttpServer((req, res) => {
      hosts.push(req.headers.host);
      res.writeHead(204).end();
    });
    const port = await listen(http, "::1");
    cleanups.push(() => closeServer(http));
    expectOk(await postPinned(at(`http://v6.test:${port}/`, "::1"), request));
    expectOk(await postPinned(at(`http://[::1]:${port}/`, "::1"), request));
    expect(hosts).toEqual([`v6.test:${port}`, `[::1]:${port}`]);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// Node cannot make an X.509 certificate itself: without the openssl binary these cases are skipped.
describe.runIf(hasOpenssl())("postPinned: TLS", () => {
  let dir: string;
  let certs: { ca: string; leaf: { key: string; cert: string }; selfSigned: { key: string; cert: string } };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "finlink-send-tls-"));
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Test CA");
    openssl("req", ...ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=rebind.test");
    writeFileSync(join(dir, "leaf.ext"), "subjectAltName=DNS:rebind.test\n");
    openssl(
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "leaf.crt",
      "-days",
      "2",
      "-extfile",
      "leaf.ext",
    );
    openssl(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "self.key",
      "-out",
      "self.crt",
      "-days",
      "2",
      "-subj",
      "/CN=rebind.test",
      "-addext",
      "subjectAltName=DNS:rebind.test",
    );
    const read = (name: string) => readFileSync(join(dir, name), "utf8");
    certs = {
      ca: read("ca.crt"),
      leaf: { key: read("leaf.key"), cert: read("leaf.crt") },
      selfSigned: { key: read("self.key"), cert: read("self.crt") },
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An https receiver on 127.0.0.1 that records the server name (SNI) each client asked for. */
  async function httpsReceiver(identity: { key: string; cert: string }) {
    const serverNames: (string | false | null)[] = [];
    const server = createHttpsServer(identity, (req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end(`host=${req.headers.host}`));
    });
    server.on("secureConnection", (socket) => serverNames.push(socket.servername));
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    return { port, serverNames };
  }

  it("refuses a self-signed certificate as TLS", async () => {
    const { port } = await httpsReceiver(certs.selfSigned);
    const result = await postPinned(at(`https://rebind.test:${port}/`), request);
    expectFailure(result, "TLS");
    expect(result).toMatchObject({ message: expect.stringContaining("SELF_SIGNED") });
  });

  it("sends the hostname as SNI and checks the certificate against it, while connecting to the address", async () => {
    trust.ca = certs.ca;
    const { port, serverNames } = await httpsReceiver(certs.leaf);
    const result = await postPinned(at(`https://rebind.test:${port}/hook`), request);
    expect(result).toMatchObject({ ok: true, status: 200, excerpt: `host=rebind.test:${port}` });
    expect(serverNames).toEqual(["rebind.test"]);
  });

  it("refuses a trusted certificate issued for another name than the URL's, even at the right address", async () => {
    trust.ca = certs.ca;
    const { port } = await httpsReceiver(certs.leaf);
    for (const url of [`https://other.test:${port}/`, `https://127.0.0.1:${port}/`]) {
      const result = await postPinned(at(url), request);
      expectFailure(result, "TLS");
      expect(result).toMatchObject({ message: expect.stringContaining("ERR_TLS_CERT_ALTNAME_INVALID") });
    }
  });

  it("reports https to a plain http server as TLS", async () => {
    const server = await receiver();
    expectFailure(await postPinned(at(`https://rebind.test:${server.port}/`), request), "TLS");
  });
});
