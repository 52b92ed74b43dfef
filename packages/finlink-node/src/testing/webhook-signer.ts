import { createHash } from "node:crypto";
import type { PublicJwk, WebhookPayload } from "@finlink/contracts";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { KeyFetcher } from "../webhooks/key-cache";
import { SIGNATURE_HEADER } from "../webhooks/verifier";

/** What `sign` answers: the exact body to send and the headers Finlink sends with it. */
export interface SignedWebhook<B extends string | Uint8Array = string> {
  body: B;
  headers: { "content-type": "application/json"; [SIGNATURE_HEADER]: string };
}

export interface SignOptions {
  /** The `iat` claim in seconds (default: now), e.g. 301 s ago to test a receiver's TIMESTAMP_TOO_OLD. */
  iat?: number;
}

export interface TestWebhookSigner {
  /** The key id every signature names (a UUID, as Finlink's). */
  kid: string;
  /** The public half, as `GET /api/v1/webhook_verification/{kid}` serves it. */
  jwk: PublicJwk;
  /** A payload is serialised with `JSON.stringify`; a string or bytes is signed as it is. */
  sign(payload: WebhookPayload | string, options?: SignOptions): Promise<SignedWebhook>;
  sign(rawBody: Uint8Array, options?: SignOptions): Promise<SignedWebhook<Uint8Array>>;
  /** A `KeyFetcher` that knows this signer's kid only: `createWebhookVerifier({ jwksFetcher: signer.fetcher })`. */
  fetcher: KeyFetcher;
}

/**
 * Signs webhooks as Finlink does (ES256 JWT in `vumi-verification`, `typ: JWT`, `kid`, `iat` and the
 * lowercase hex SHA-256 of the body), with a key of its own, so a receiver is tested without a Finlink.
 * Never use it outside tests: the private key lives in memory and anyone holding the signer can forge.
 * @example
 * const signer = await createTestWebhookSigner();
 * const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher });
 * const { body, headers } = await signer.sign(event);
 * await app.request("/webhooks/finlink", { method: "POST", body, headers });
 */
export async function createTestWebhookSigner(options: { kid?: string } = {}): Promise<TestWebhookSigner> {
  const kid = options.kid ?? crypto.randomUUID();
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const { x, y } = await exportJWK(publicKey);
  if (!x || !y) throw new Error("the generated key has no public point");
  const jwk: PublicJwk = { kty: "EC", crv: "P-256", x, y, kid, alg: "ES256", use: "sig" };

  async function sign(input: WebhookPayload | string | Uint8Array, signOptions: SignOptions = {}) {
    const body = typeof input === "string" || input instanceof Uint8Array ? input : JSON.stringify(input);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const jwt = await new SignJWT({ request_body_sha256: createHash("sha256").update(bytes).digest("hex") })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuedAt(signOptions.iat ?? Math.floor(Date.now() / 1000))
      .sign(privateKey);
    return { body, headers: { "content-type": "application/json", [SIGNATURE_HEADER]: jwt } as const };
  }

  return {
    kid,
    jwk,
    sign: sign as TestWebhookSigner["sign"],
    // A copy each time: a caller editing the answer cannot change the key later look-ups get.
    fetcher: async (asked) => (asked === kid ? { ...jwk } : null),
  };
}
