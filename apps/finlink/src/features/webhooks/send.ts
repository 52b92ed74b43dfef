import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { Target } from "./target";

/** The part of an answer kept in the delivery log. */
export const EXCERPT_BYTES = 2048;

export type SendFailure = "TIMEOUT" | "CONNECTION_REFUSED" | "CONNECTION_RESET" | "TLS" | "NETWORK";

export type SendResult =
  | { ok: true; status: number; retryAfter: string | null; excerpt: string; latencyMs: number }
  | { ok: false; error: SendFailure | string; message: string; latencyMs: number };

export interface SendRequest {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxExcerptBytes?: number;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/i;

function failureOf(error: NodeJS.ErrnoException): SendFailure {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return "CONNECTION_REFUSED";
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_PREMATURE_CLOSE") return "CONNECTION_RESET";
  if (TLS_CODES.test(code) || TLS_CODES.test(error.message)) return "TLS";
  return "NETWORK";
}

/**
 * POSTs to `target.address`, whatever the URL's name resolves to now (the check was made on that address),
 * with the name as Host and as TLS server name, so the certificate is checked against it. Redirects are
 * answers like any other (never followed). One deadline covers connecting, TLS, the headers and the first
 * `maxExcerptBytes` of the body; the rest of the body is never read. Never throws: a request that got no
 * answer is `ok: false` with why.
 */
export function postPinned(target: Target, request: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const limit = request.maxExcerptBytes ?? EXCERPT_BYTES;
  const { url } = target;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    // `all: true` asks for a list (Node's happy-eyeballs path); otherwise one address.
    if ((options as { all?: boolean }).all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const body = Buffer.from(request.body);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(result);
    };
    const req = send(url, {
      method: "POST",
      lookup: pinned,
      // A fresh socket each time: a pooled one may lead to an address checked for another URL.
      agent: false,
      ...(url.protocol === "https:" ? { servername: url.hostname.replace(/^\[|\]$/g, "") } : {}),
      headers: {
        ...request.headers,
        "content-type": "application/json",
        "content-length": String(body.length),
        "user-agent": "Finlink-Webhooks/1",
      },
    });
    const deadline = setTimeout(() => {
      finish({
        ok: false,
        error: "TIMEOUT",
        message: `no complete answer within ${request.timeoutMs} ms`,
        latencyMs: elapsed(),
      });
    }, request.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        error: failureOf(error),
        message: error.message || String(error.code),
        latencyMs: elapsed(),
      }),
    );
    req.on("response", (res: IncomingMessage) => {
      const decoder = new StringDecoder("utf8");
      let excerpt = "";
      let bytes = 0;
      const answer = () => {
        const retryAfter = res.headers["retry-after"];
        finish({
          ok: true,
          status: res.statusCode ?? 0,
          retryAfter: typeof retryAfter === "string" ? retryAfter : null,
          excerpt: excerpt + decoder.end(),
          latencyMs: elapsed(),
        });
      };
      res.on("data", (chunk: Buffer) => {
        const room = limit - bytes;
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        bytes += part.length;
        excerpt += decoder.write(part);
        if (bytes >= limit) answer();
      });
      res.on("end", answer);
      // The answer's headers came: a socket closed mid-body still answered with a status.
      res.on("error", answer);
      res.on("aborted", answer);
    });
    req.end(body);
  });
}
