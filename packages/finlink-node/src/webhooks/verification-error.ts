/** Why a webhook was refused. Answer 400 for all of them except `KEY_FETCH_FAILED` (503: Finlink retries). */
export type WebhookRejection =
  /** The body is not raw bytes (it was parsed before the check: the signature covers the exact bytes). */
  | "RAW_BODY_REQUIRED"
  /** No `vumi-verification` header. */
  | "MISSING_SIGNATURE"
  /** The header is not a compact JWS with a readable JSON header and claims. */
  | "MALFORMED_SIGNATURE"
  /** `alg` is not `ES256`. */
  | "UNSUPPORTED_ALGORITHM"
  /** `typ` is not `JWT`. */
  | "WRONG_TYPE"
  /** No usable `kid` (a non-empty string of at most 100 characters). */
  | "INVALID_KEY_ID"
  /** Finlink has no key with this `kid` (404): forged, or from another Finlink. */
  | "UNKNOWN_KEY"
  /** The key could not be fetched (network, 5xx, an unreadable JWK): a passing failure, not a verdict. */
  | "KEY_FETCH_FAILED"
  /** The signature does not verify with the key its `kid` names. */
  | "INVALID_SIGNATURE"
  /** No numeric `iat` claim. */
  | "MISSING_TIMESTAMP"
  /** `iat` older than `maxAgeSeconds`: a replay, or a clock far off. */
  | "TIMESTAMP_TOO_OLD"
  /** `iat` more than 60 s ahead of this clock. */
  | "TIMESTAMP_IN_FUTURE"
  /** No `request_body_sha256` string claim. */
  | "MISSING_BODY_HASH"
  /** The body is not the one that was signed. */
  | "BODY_HASH_MISMATCH"
  /** Signed by Finlink, but not a `WebhookPayload` this version of the contracts knows. */
  | "INVALID_PAYLOAD";

/**
 * A webhook that must not be acted on. `reason` is the code to log; the message says what to fix.
 * @example if (error instanceof WebhookVerificationError) return c.json({ reason: error.reason }, error.status)
 */
export class WebhookVerificationError extends Error {
  /** The status a receiver answers: 503 when Finlink should try again later, 400 otherwise. */
  readonly status: 400 | 503;

  constructor(
    readonly reason: WebhookRejection,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WebhookVerificationError";
    this.status = reason === "KEY_FETCH_FAILED" ? 503 : 400;
  }
}
