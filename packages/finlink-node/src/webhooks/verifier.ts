import { createHash, timingSafeEqual } from "node:crypto";
import { WebhookPayload } from "@finlink/contracts";
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from "jose";
import { FinlinkError } from "../errors";
import { KeyCache, type KeyFetcher } from "./key-cache";
import { WebhookVerificationError as Rejected } from "./verification-error";

export const SIGNATURE_HEADER = "vumi-verification";
/** How far ahead of this clock an `iat` may be: clocks drift, a sender's a little ahead is no forgery. */
export const FUTURE_TOLERANCE_SECONDS = 60;
/** A real signature is a few hundred bytes; anything far longer is refused before it is decoded. */
const MAX_SIGNATURE_LENGTH = 8192;

export interface WebhookVerifierOptions {
  /** Fetches keys with `client.verificationKey(kid)` (a 404 means no such key). */
  client?: { verificationKey(kid: string): Promise<unknown> };
  /** Or your own fetcher: the JWK, `null` for "no such key", a throw for "cannot tell now". */
  jwksFetcher?: KeyFetcher;
  /** Oldest `iat` accepted (default 300 s, as Finlink's guide says). */
  maxAgeSeconds?: number;
  now?: () => Date;
  /** Keys kept in memory (default 32). */
  keyCacheSize?: number;
  /** How long an unknown `kid` is refused without asking Finlink again (default 60 s). */
  unknownKeySeconds?: number;
}

/** Node's `req.headers`, a Fetch `Headers`, or any record of header names (any case) to values. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  headers: WebhookHeaders;
  /** The body's exact bytes, as received (a Buffer, Uint8Array, ArrayBuffer, or the text as read). */
  rawBody: Uint8Array | ArrayBuffer | string;
}

/**
 * Verifies Finlink's signed webhooks (`vumi-verification`, ES256) and answers the payload, or throws a
 * `WebhookVerificationError` whose `reason` says which check failed.
 * @example
 * const verifier = createWebhookVerifier({ client: finlink });
 * app.post("/webhooks/finlink", async (c) => {
 *   const event = await verifier.verify({ headers: c.req.raw.headers, rawBody: await c.req.arrayBuffer() });
 *   …
 * });
 */
export function createWebhookVerifier(options: WebhookVerifierOptions) {
  const now = options.now ?? (() => new Date());
  const maxAgeSeconds = options.maxAgeSeconds ?? 300;
  const fetcher = options.jwksFetcher ?? (options.client && clientFetcher(options.client));
  if (!fetcher) throw new TypeError("createWebhookVerifier needs a `client` or a `jwksFetcher`");
  const keys = new KeyCache(fetcher, {
    now,
    ...(options.keyCacheSize === undefined ? {} : { maxKeys: options.keyCacheSize }),
    ...(options.unknownKeySeconds === undefined ? {} : { unknownKeySeconds: options.unknownKeySeconds }),
  });

  const verifyWebhook = async (
    rawBody: WebhookRequest["rawBody"],
    signature: string | null | undefined,
  ): Promise<WebhookPayload> => {
    const body = bytesOf(rawBody);
    if (!signature) throw new Rejected("MISSING_SIGNATURE", `No ${SIGNATURE_HEADER} header: not sent by Finlink`);
    const kid = checkedHeader(signature).kid;
    const claims = await verifiedClaims(signature, kid, keys);
    checkTime(claims.iat, Math.floor(now().getTime() / 1000), maxAgeSeconds);
    checkBody(claims.request_body_sha256, body);
    return parsePayload(body);
  };

  return {
    /** The request as a whole: its headers (any shape, the `vumi-verification` one is read) and raw body. */
    verify: (request: WebhookRequest): Promise<WebhookPayload> =>
      verifyWebhook(request.rawBody, headerValue(request.headers, SIGNATURE_HEADER)),
    /**
     * The short form: the raw body and the `vumi-verification` header's value (undefined or null when the
     * request had none). Same checks, same errors as `verify`.
     * @example const event = await verifier.verifyWebhook(await c.req.arrayBuffer(), c.req.header("vumi-verification"));
     */
    verifyWebhook,
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;

function clientFetcher(client: NonNullable<WebhookVerifierOptions["client"]>): KeyFetcher {
  return async (kid) => {
    try {
      return (await client.verificationKey(kid)) as Awaited<ReturnType<KeyFetcher>>;
    } catch (error) {
      if (error instanceof FinlinkError && error.status === 404) return null;
      throw error;
    }
  };
}

function bytesOf(raw: WebhookRequest["rawBody"]): Uint8Array {
  if (typeof raw === "string") return new TextEncoder().encode(raw);
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  throw new Rejected(
    "RAW_BODY_REQUIRED",
    "Pass the body's raw bytes (Buffer, Uint8Array, ArrayBuffer or the text as received), not parsed JSON: the signature covers the exact bytes",
  );
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** The JWS header, read before any key is fetched: only ES256, `typ: JWT` and a usable kid go further. */
function checkedHeader(jwt: string): ProtectedHeaderParameters & { kid: string } {
  let header: ProtectedHeaderParameters;
  try {
    if (jwt.length > MAX_SIGNATURE_LENGTH || jwt.split(".").length !== 3) throw new Error("not a compact JWS");
    header = decodeProtectedHeader(jwt);
  } catch (cause) {
    throw new Rejected("MALFORMED_SIGNATURE", `${SIGNATURE_HEADER} is not a JWT`, { cause });
  }
  if (header.alg !== "ES256")
    throw new Rejected(
      "UNSUPPORTED_ALGORITHM",
      `Signature alg is ${JSON.stringify(header.alg)}; only ES256 is accepted`,
    );
  if (header.typ !== "JWT")
    throw new Rejected("WRONG_TYPE", `Signature typ is ${JSON.stringify(header.typ)}, not "JWT"`);
  const { kid } = header;
  if (typeof kid !== "string" || kid.length === 0 || kid.length > 100)
    throw new Rejected("INVALID_KEY_ID", "The signature names no usable kid (a string of 1–100 characters)");
  return { ...header, kid };
}

async function verifiedClaims(jwt: string, kid: string, keys: KeyCache): Promise<Record<string, unknown>> {
  const key = await keys.get(kid);
  if (!key) throw new Rejected("UNKNOWN_KEY", `Finlink has no verification key ${kid}: not signed by this Finlink`);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jwt, key, { algorithms: ["ES256"] }));
  } catch (cause) {
    throw new Rejected("INVALID_SIGNATURE", `The signature does not verify with key ${kid}`, { cause });
  }
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (claims !== null && typeof claims === "object" && !Array.isArray(claims))
      return claims as Record<string, unknown>;
  } catch {}
  throw new Rejected("MALFORMED_SIGNATURE", "The signature's claims are not a JSON object");
}

function checkTime(iat: unknown, nowSeconds: number, maxAgeSeconds: number): void {
  if (typeof iat !== "number" || !Number.isFinite(iat)) throw new Rejected("MISSING_TIMESTAMP", "No numeric iat claim");
  if (nowSeconds - iat > maxAgeSeconds)
    throw new Rejected(
      "TIMESTAMP_TOO_OLD",
      `Signed ${nowSeconds - iat} s ago, more than ${maxAgeSeconds} s: a replay, or this server's clock is off`,
    );
  if (iat - nowSeconds > FUTURE_TOLERANCE_SECONDS)
    throw new Rejected("TIMESTAMP_IN_FUTURE", `Signed ${iat - nowSeconds} s in the future: check this server's clock`);
}

function checkBody(claimed: unknown, body: Uint8Array): void {
  if (typeof claimed !== "string") throw new Rejected("MISSING_BODY_HASH", "No request_body_sha256 claim");
  const actual = Buffer.from(createHash("sha256").update(body).digest("hex"));
  const expected = Buffer.from(claimed);
  // Constant time: how much of a guessed hash matched must not show in the answer's timing.
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new Rejected(
      "BODY_HASH_MISMATCH",
      "The body is not the one that was signed: hash the raw bytes received, not a re-serialised parse",
    );
}

function parsePayload(body: Uint8Array): WebhookPayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch (cause) {
    throw new Rejected("INVALID_PAYLOAD", "The signed body is not JSON", { cause });
  }
  const parsed = WebhookPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new Rejected("INVALID_PAYLOAD", `The signed body is not a WebhookPayload (${where}${issue?.message})`);
  }
  return parsed.data;
}
