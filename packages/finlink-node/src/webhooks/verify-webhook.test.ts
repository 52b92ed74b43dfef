import type { WebhookPayload } from "@finlink/contracts";
import { generateKeyPair, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createTestWebhookSigner } from "../testing";
import type { KeyFetcher } from "./key-cache";
import { WebhookVerificationError } from "./verification-error";
import { createWebhookVerifier } from "./verifier";

const event: WebhookPayload = {
  webhookId: crypto.randomUUID(),
  type: "CONNECTION_READY",
  connectionId: crypto.randomUUID(),
  externalId: "customer-123",
  status: "READY",
  occurredAt: "2026-11-24T10:15:00.000Z",
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The rejection as `reason: message`, or "accepted". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof WebhookVerificationError) return `${error.reason}: ${error.message}`;
    throw error;
  }
}

/** A fetcher that counts its calls, answering `keys()` at the moment of each call. */
function countingFetcher(keys: () => Record<string, JWK>) {
  const calls = { count: 0 };
  const fetcher: KeyFetcher = async (kid) => {
    calls.count += 1;
    return keys()[kid] ?? null;
  };
  return { fetcher, calls };
}

describe("verifyWebhook(rawBody, header)", () => {
  it("answers the payload of a signed body given as text or bytes", async () => {
    const signer = await createTestWebhookSigner();
    const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher });
    const text = await signer.sign(event);
    await expect(verifier.verifyWebhook(text.body, text.headers["vumi-verification"])).resolves.toEqual(event);
    const bytes = await signer.sign(new TextEncoder().encode(JSON.stringify(event)));
    expect(bytes.body).toBeInstanceOf(Uint8Array);
    await expect(verifier.verifyWebhook(bytes.body, bytes.headers["vumi-verification"])).resolves.toEqual(event);
  });

  it("takes a header that is absent however the framework says so (undefined, null, empty) as MISSING_SIGNATURE", async () => {
    const signer = await createTestWebhookSigner();
    const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher });
    const { body } = await signer.sign(event);
    const reasons = [];
    for (const header of [undefined, null, ""])
      reasons.push((await outcome(verifier.verifyWebhook(body, header))).split(":")[0]);
    expect(reasons).toEqual(["MISSING_SIGNATURE", "MISSING_SIGNATURE", "MISSING_SIGNATURE"]);
  });

  it("refuses each failure with its own reason and a message that says what is wrong", async () => {
    const signer = await createTestWebhookSigner();
    const stranger = await createTestWebhookSigner();
    const impostor = await createTestWebhookSigner({ kid: signer.kid });
    let now = Date.now();
    const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher, now: () => new Date(now) });
    const check = (body: string, header: string | undefined) => outcome(verifier.verifyWebhook(body, header));
    const { body, headers } = await signer.sign(event);
    const jwt = headers["vumi-verification"];
    const { privateKey } = await generateKeyPair("ES256");
    const withHeader = (header: Record<string, unknown>) =>
      new SignJWT({ request_body_sha256: "0".repeat(64) })
        .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: signer.kid, ...header })
        .setIssuedAt()
        .sign(privateKey);
    const hs256 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: signer.kid })
      .sign(new Uint8Array(32));
    const badPayload = JSON.stringify({ ...event, type: "SOMETHING_NEW" });

    const outcomes = {
      MISSING_SIGNATURE: await check(body, undefined),
      MALFORMED_SIGNATURE: await check(body, "not-a-jwt"),
      UNSUPPORTED_ALGORITHM: await check(body, hs256),
      WRONG_TYPE: await check(body, await withHeader({ typ: "webhook+jwt" })),
      INVALID_KEY_ID: await check(body, await withHeader({ kid: "" })),
      UNKNOWN_KEY: await check(body, (await stranger.sign(event)).headers["vumi-verification"]),
      INVALID_SIGNATURE: await check(body, (await impostor.sign(event)).headers["vumi-verification"]),
      BODY_HASH_MISMATCH: await check(JSON.stringify({ ...event, status: "ERRORED" }), jwt),
      INVALID_PAYLOAD: await check(badPayload, (await signer.sign(badPayload)).headers["vumi-verification"]),
      TIMESTAMP_TOO_OLD: "",
      TIMESTAMP_IN_FUTURE: "",
    };
    const iat = Math.floor(now / 1000);
    now = (iat + 301) * 1000;
    outcomes.TIMESTAMP_TOO_OLD = await check(body, (await signer.sign(event, { iat })).headers["vumi-verification"]);
    now = (iat - 61) * 1000;
    outcomes.TIMESTAMP_IN_FUTURE = await check(body, (await signer.sign(event, { iat })).headers["vumi-verification"]);

    expect(outcomes).toEqual({
      MISSING_SIGNATURE: "MISSING_SIGNATURE: No vumi-verification header: not sent by Finlink",
      MALFORMED_SIGNATURE: "MALFORMED_SIGNATURE: vumi-verification is not a JWT",
      UNSUPPORTED_ALGORITHM: 'UNSUPPORTED_ALGORITHM: Signature alg is "HS256"; only ES256 is accepted',
      WRONG_TYPE: 'WRONG_TYPE: Signature typ is "webhook+jwt", not "JWT"',
      INVALID_KEY_ID: "INVALID_KEY_ID: The signature names no usable kid (a string of 1–100 characters)",
      UNKNOWN_KEY: `UNKNOWN_KEY: Finlink has no verification key ${stranger.kid}: not signed by this Finlink`,
      INVALID_SIGNATURE: `INVALID_SIGNATURE: The signature does not verify with key ${signer.kid}`,
      BODY_HASH_MISMATCH:
        "BODY_HASH_MISMATCH: The body is not the one that was signed: hash the raw bytes received, not a re-serialised parse",
      INVALID_PAYLOAD: expect.stringMatching(/^INVALID_PAYLOAD: The signed body is not a WebhookPayload \(type: /),
      TIMESTAMP_TOO_OLD:
        "TIMESTAMP_TOO_OLD: Signed 301 s ago, more than 300 s: a replay, or this server's clock is off",
      TIMESTAMP_IN_FUTURE: "TIMESTAMP_IN_FUTURE: Signed 61 s in the future: check this server's clock",
    });
    // One reason per failure: no two failures share a message either.
    expect(new Set(Object.values(outcomes)).size).toBe(Object.keys(outcomes).length);
  });

  it("accepts the boundaries: 300 s old, 60 s ahead", async () => {
    const signer = await createTestWebhookSigner();
    const iat = nowSeconds();
    let now = (iat + 300) * 1000;
    const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher, now: () => new Date(now) });
    const { body, headers } = await signer.sign(event, { iat });
    expect(await outcome(verifier.verifyWebhook(body, headers["vumi-verification"]))).toBe("accepted");
    now = (iat - 60) * 1000;
    expect(await outcome(verifier.verifyWebhook(body, headers["vumi-verification"]))).toBe("accepted");
  });
});

describe("an unknown kid", () => {
  it("is asked about once per window, and once more after it: a key rotated in meanwhile is then accepted", async () => {
    const signer = await createTestWebhookSigner();
    let published = false;
    const { fetcher, calls } = countingFetcher(() => (published ? { [signer.kid]: signer.jwk } : {}));
    let now = Date.now();
    const verifier = createWebhookVerifier({ jwksFetcher: fetcher, now: () => new Date(now) });
    const flood = async () => {
      const { body, headers } = await signer.sign(event, { iat: Math.floor(now / 1000) });
      const all = await Promise.all(
        Array.from({ length: 10 }, () => outcome(verifier.verifyWebhook(body, headers["vumi-verification"]))),
      );
      return all.map((o) => o.split(":")[0]);
    };
    expect(await flood()).toEqual(Array(10).fill("UNKNOWN_KEY"));
    expect(calls.count).toBe(1);
    // Finlink starts serving the key, but the receiver keeps its "unknown" verdict for the window.
    published = true;
    now += 59_999;
    expect(await flood()).toEqual(Array(10).fill("UNKNOWN_KEY"));
    expect(calls.count).toBe(1);
    // Past the window: one fetch for the whole flood, and the key is found.
    now += 1;
    expect(await flood()).toEqual(Array(10).fill("accepted"));
    expect(calls.count).toBe(2);
    // Found keys are kept: no more fetches.
    now += 10 * 60_000;
    expect(await flood()).toEqual(Array(10).fill("accepted"));
    expect(calls.count).toBe(2);
  });
});
