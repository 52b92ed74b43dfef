import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { Target } from "./target";

export type SendResult =
  | { ok: true; status: number; retryAfter: string | null; excerpt: string; latencyMs: number }
  | { ok: false; error: SendError; message: string; latencyMs: number };

export type SendError = "TIMEOUT" | "CONNECTION_REFUSED" | "CONNECTION_RESET" | "TLS" | "NETWORK";

export interface PinnedRequest {
  body: string;
  /** Extra headers (the signature); content-type, content-length, user-agent and host are set here. */
  headers: Record<string, string>;
  /** One deadline for connect, TLS, headers and the excerpt together. */
  timeoutMs: number;
  maxExcerptBytes?: number;
}

/**
 * POSTs a webhook to the address `resolveTarget` checked, never to what the hostname resolves to now
 * (DNS rebinding), with the hostname as Host and TLS server name, so the certificate is checked against
 * the name. Redirects are not followed: a 3xx comes back as it is. Any HTTP answer is `ok: true`, whatever
 * its status; `ok: false` means no answer came. Never throws for network problems.
 * @example await postPinned(await resolveTarget(url, policy), { body, headers: { "vumi-verification": jwt }, timeoutMs: 10_000 })
 */
export function postPinned(target: Target, request: PinnedRequest): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const maxBytes = request.maxExcerptBytes ?? 2048;
  const { url } = target;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const https = url.protocol === "https:";
  const options: RequestOptions = {
    method: "POST",
    // Node skips `lookup` for an IP literal and connects to it: that literal is the checked address.
    host: isIP(hostname) ? target.address : hostname,
    port: url.port || (https ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: {
      ...lowerCaseKeys(request.headers),
      host: url.host,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(request.body)),
      "user-agent": "Finlink-Webhooks/1",
    },
    lookup: pinnedLookup(target),
    // A pooled socket could lead to another address checked for another app: one connection per attempt.
    agent: false,
    // SNI must not be an IP address (RFC 6066); without it Node checks the certificate against `host`.
    ...(https && !isIP(hostname) ? { servername: hostname } : {}),
  };

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    let res: IncomingMessage | undefined;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req?.destroy();
      resolve(result);
    };
    const fail = (error: unknown) => settle({ ok: false, ...describeError(error), latencyMs: latency() });
    const deadline = setTimeout(() => {
      // Once the status line is in, the deadline only ends the excerpt (see readExcerpt).
      if (res) res.destroy();
      else fail(Object.assign(new Error(`no answer within ${request.timeoutMs} ms`), { code: "ETIMEDOUT" }));
    }, request.timeoutMs);
    try {
      req = (https ? httpsRequest : httpRequest)(options, (answer) => {
        res = answer;
        readExcerpt(answer, maxBytes, (excerpt) =>
          settle({
            ok: true,
            status: answer.statusCode ?? 0,
            retryAfter: header(answer, "retry-after"),
            excerpt,
            latencyMs: latency(),
          }),
        );
      });
    } catch (error) {
      fail(error); // invalid options (a header value with a newline): nothing was sent
      return;
    }
    // After the answer began, its own close ends the excerpt; an error then must not turn it into a failure.
    req.on("error", (error) => {
      if (!res) fail(error);
    });
    req.end(request.body);
  });
}

/**
 * Reads the answer until `maxBytes` or its end, then hands over what arrived. A receiver that trickles
 * its body runs into the deadline, which destroys the request: what arrived by then is still the excerpt,
 * and the status stands — the receiver gave its verdict in the status line, the body is only logged.
 */
function readExcerpt(res: IncomingMessage, maxBytes: number, done: (excerpt: string) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    // write() without end() holds back a character cut at the limit instead of mangling it.
    done(new StringDecoder("utf8").write(Buffer.concat(chunks, size).subarray(0, maxBytes)));
  };
  res.on("data", (chunk: Buffer) => {
    if (finished) return;
    chunks.push(chunk);
    size += chunk.length;
    // Enough: stop reading so a huge answer is never buffered (finish destroys the socket).
    if (size >= maxBytes) finish();
  });
  res.on("end", finish);
  // A socket closed mid-body (reset, or our deadline): keep the status and what arrived.
  res.on("close", finish);
  res.on("error", finish);
}

/** Answers the checked address whatever is asked, in both callback shapes `net.connect` uses. */
function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

// Node's own TLS codes, OpenSSL's verification codes (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, …) and
// EPROTO, which Node reports for a TLS alert from the other side.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_|INVALID_CA|HOSTNAME_MISMATCH/;

function describeError(error: unknown): { error: SendError; message: string } {
  const code = String((error as { code?: unknown }).code ?? "");
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ETIMEDOUT") return { error: "TIMEOUT", message };
  if (code === "ECONNREFUSED") return { error: "CONNECTION_REFUSED", message };
  if (code === "ECONNRESET" || code === "EPIPE") return { error: "CONNECTION_RESET", message };
  if (TLS_CODE.test(code)) return { error: "TLS", message: `${code}: ${message}` };
  return { error: "NETWORK", message: code && !message.includes(code) ? `${code}: ${message}` : message };
}
