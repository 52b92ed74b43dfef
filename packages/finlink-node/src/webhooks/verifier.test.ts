import { createHash } from "node:crypto";
import { CompactSign, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addWebhookKey, type Finlink, startFinlink } from "../finlink.testing";
import { WebhookVerificationError } from "./verification-error";
import { createWebhookVerifier, type WebhookVerifierOptions } from "./verifier";

let finlink: Finlink;
let rotated: Awaited<ReturnType<typeof addWebhookKey>>;
beforeAll(async () => {
  finlink = await startFinlink();
  rotated = await addWebhookKey(finlink.ctx);
});
afterAll(() => finlink.close());
afterEach(() => finlink.reset());

const event = {
  webhookId: crypto.randomUUID(),
  type: "CONNECTION_READY",
  connectionId: crypto.randomUUID(),
  externalId: "customer-123",
  status: "READY",
  occurredAt: "2026-11-24T10:15:00.000Z",
};
const body = Buffer.from(JSON.stringify(event));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const nowSeconds = () => Math.floor(Date.now() / 1000);
const keyFetches = () => finlink.seen.filter((r) => r.path.startsWith("/api/v1/webhook_verification/")).length;

/** Signs as Finlink does, with its current webhook key. */
const finlinkSigned = (claims: Record<string, unknown> = { request_body_sha256: sha256(body) }, typ = "JWT") =>
  finlink.ctx.services.keys.sign("webhook", claims, { typ });

/** Signs with the rotated key (also served by Finlink): any header and claims, `iat` included or not. */
const rotatedSigned = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: rotated.kid, ...header })
    .sign(rotated.privateKey);

const verifier = (options: Partial<WebhookVerifierOptions> = {}) =>
  createWebhookVerifier({ client: finlink.client(), ...options });
const headers = (jwt: string) => ({ "vumi-verification": jwt, "content-type": "application/json" });

/** The rejection's reason, or "accepted". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe("verify accepts", () => {
  it("a message Finlink signed, answering the parsed payload", async () => {
    await expect(verifier().verify({ headers: headers(await finlinkSigned()), rawBody: body })).resolves.toEqual(event);
  });

  it("headers as Fetch Headers or Node's record (any case, array values), bodies as text or ArrayBuffer", async () => {
    const jwt = await finlinkSigned();
    const v = verifier();
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    await expect(v.verify({ headers: new Headers(headers(jwt)), rawBody: body.toString("utf8") })).resolves.toEqual(
      event,
    );
    await expect(v.verify({ headers: { "Vumi-Verification": [jwt] }, rawBody: bytes })).resolves.toEqual(event);
  });

  it("a message signed with a key rotated in later, fetched by its new kid", async () => {
    const v = verifier();
    await v.verify({ headers: headers(await finlinkSigned()), rawBody: body });
    const jwt = await rotatedSigned({ iat: nowSeconds(), request_body_sha256: sha256(body) });
    await expect(v.verify({ headers: headers(jwt), rawBody: body })).resolves.toEqual(event);
    expect(keyFetches()).toBe(2);
  });
});

describe("verify rejects", () => {
  const hash = () => sha256(body);

  it("RAW_BODY_REQUIRED, MISSING_SIGNATURE, MALFORMED_SIGNATURE", async () => {
    const v = verifier();
    const parsed = JSON.parse(body.toString()) as never;
    expect(await outcome(v.verify({ headers: headers(await finlinkSigned()), rawBody: parsed }))).toBe(
      "RAW_BODY_REQUIRED",
    );
    expect(await outcome(v.verify({ headers: {}, rawBody: body }))).toBe("MISSING_SIGNATURE");
    // Well signed, but 8 KB and more: refused before anything is decoded.
    const huge = await finlinkSigned({ request_body_sha256: sha256(body), pad: "x".repeat(8192) });
    for (const jwt of ["not-a-jwt", "a.b.c", huge])
      expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("MALFORMED_SIGNATURE");
    const notAnObject = await new CompactSign(new TextEncoder().encode("[1]"))
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: rotated.kid })
      .sign(rotated.privateKey);
    expect(await outcome(v.verify({ headers: headers(notAnObject), rawBody: body }))).toBe("MALFORMED_SIGNATURE");
    expect(keyFetches()).toBe(1);
  });

  it("UNSUPPORTED_ALGORITHM, WRONG_TYPE, INVALID_KEY_ID: before any key is fetched", async () => {
    const v = verifier();
    const hs256 = await new SignJWT({ request_body_sha256: hash() })
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: rotated.kid })
      .setIssuedAt()
      .sign(new Uint8Array(32));
    expect(await outcome(v.verify({ headers: headers(hs256), rawBody: body }))).toBe("UNSUPPORTED_ALGORITHM");
    const typed = await finlinkSigned({ request_body_sha256: hash() }, "webhook+jwt");
    expect(await outcome(v.verify({ headers: headers(typed), rawBody: body }))).toBe("WRONG_TYPE");
    for (const kid of [undefined, "", 42, "k".repeat(101)]) {
      const jwt = await rotatedSigned({ iat: nowSeconds(), request_body_sha256: hash() }, { kid });
      expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body })), String(kid)).toBe("INVALID_KEY_ID");
    }
    expect(keyFetches()).toBe(0);
  });

  it("UNKNOWN_KEY for a kid Finlink does not have (404), INVALID_SIGNATURE for a forged one", async () => {
    const v = verifier();
    const { privateKey } = await generateKeyPair("ES256");
    const forge = (kid: string) =>
      new SignJWT({ request_body_sha256: hash() })
        .setProtectedHeader({ alg: "ES256", typ: "JWT", kid })
        .setIssuedAt()
        .sign(privateKey);
    expect(await outcome(v.verify({ headers: headers(await forge(crypto.randomUUID())), rawBody: body }))).toBe(
      "UNKNOWN_KEY",
    );
    expect(await outcome(v.verify({ headers: headers(await forge(rotated.kid)), rawBody: body }))).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("KEY_FETCH_FAILED (status 503) when Finlink cannot be asked, and asks again next time", async () => {
    const v = verifier();
    const jwt = await finlinkSigned();
    finlink.intercept((req, forward) =>
      req.path.startsWith("/api/v1/webhook_verification/") ? Promise.reject(new TypeError("fetch failed")) : forward(),
    );
    const error = await v.verify({ headers: headers(jwt), rawBody: body }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "KEY_FETCH_FAILED", status: 503 });
    finlink.intercept(undefined);
    await expect(v.verify({ headers: headers(jwt), rawBody: body })).resolves.toEqual(event);
  });

  it("KEY_FETCH_FAILED when the fetcher answers another kid's key", async () => {
    const { publicKey } = await generateKeyPair("ES256", { extractable: true });
    const other: JWK = { ...(await exportJWK(publicKey)), kid: "someone-else" };
    const v = createWebhookVerifier({ jwksFetcher: async () => other });
    expect(await outcome(v.verify({ headers: headers(await finlinkSigned()), rawBody: body }))).toBe(
      "KEY_FETCH_FAILED",
    );
  });

  it("MISSING_TIMESTAMP; TIMESTAMP_TOO_OLD past maxAge (300 s accepted, 301 not)", async () => {
    const iat = nowSeconds();
    const jwt = await rotatedSigned({ iat, request_body_sha256: hash() });
    let now = iat + 300;
    const v = verifier({ now: () => new Date(now * 1000) });
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("accepted");
    now = iat + 301;
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("TIMESTAMP_TOO_OLD");
    const noIat = await rotatedSigned({ request_body_sha256: hash() });
    expect(await outcome(v.verify({ headers: headers(noIat), rawBody: body }))).toBe("MISSING_TIMESTAMP");
    const textIat = await rotatedSigned({ iat: String(iat), request_body_sha256: hash() });
    expect(await outcome(v.verify({ headers: headers(textIat), rawBody: body }))).toBe("MISSING_TIMESTAMP");
  });

  it("a shorter maxAgeSeconds when asked", async () => {
    const iat = nowSeconds();
    const jwt = await rotatedSigned({ iat, request_body_sha256: hash() });
    const v = verifier({ maxAgeSeconds: 60, now: () => new Date((iat + 61) * 1000) });
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("TIMESTAMP_TOO_OLD");
  });

  it("TIMESTAMP_IN_FUTURE more than 60 s ahead (60 accepted, 61 not)", async () => {
    const iat = nowSeconds();
    const jwt = await rotatedSigned({ iat, request_body_sha256: hash() });
    let now = iat - 60;
    const v = verifier({ now: () => new Date(now * 1000) });
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("accepted");
    now = iat - 61;
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("TIMESTAMP_IN_FUTURE");
  });

  it("MISSING_BODY_HASH; BODY_HASH_MISMATCH for a changed body, a re-serialised one, an uppercase hash", async () => {
    const v = verifier();
    expect(await outcome(v.verify({ headers: headers(await finlinkSigned({})), rawBody: body }))).toBe(
      "MISSING_BODY_HASH",
    );
    const jwt = await finlinkSigned();
    const changed = Buffer.from(JSON.stringify({ ...event, status: "ERRORED" }));
    const respaced = Buffer.from(JSON.stringify(event, null, 1));
    for (const raw of [changed, respaced])
      expect(await outcome(v.verify({ headers: headers(jwt), rawBody: raw }))).toBe("BODY_HASH_MISMATCH");
    const upper = await finlinkSigned({ request_body_sha256: hash().toUpperCase() });
    expect(await outcome(v.verify({ headers: headers(upper), rawBody: body }))).toBe("BODY_HASH_MISMATCH");
  });

  it("INVALID_PAYLOAD: signed by Finlink, but not a WebhookPayload (or not JSON)", async () => {
    const v = verifier();
    for (const raw of [Buffer.from(JSON.stringify({ ...event, type: "SOMETHING_NEW" })), Buffer.from("not json")]) {
      const jwt = await finlinkSigned({ request_body_sha256: sha256(raw) });
      expect(await outcome(v.verify({ headers: headers(jwt), rawBody: raw }))).toBe("INVALID_PAYLOAD");
    }
  });
});

describe("the key cache", () => {
  it("fetches a key once for many messages, and once for many at the same moment", async () => {
    const v = verifier();
    for (let i = 0; i < 5; i++) await v.verify({ headers: headers(await finlinkSigned()), rawBody: body });
    expect(keyFetches()).toBe(1);
    finlink.reset();
    const fresh = verifier();
    const jwt = await finlinkSigned();
    await Promise.all(Array.from({ length: 8 }, () => fresh.verify({ headers: headers(jwt), rawBody: body })));
    expect(keyFetches()).toBe(1);
  });

  it("asks once about an unknown kid, and again only after unknownKeySeconds", async () => {
    let now = Date.now();
    const v = verifier({ now: () => new Date(now) });
    const { privateKey } = await generateKeyPair("ES256");
    const jwt = await new SignJWT({ request_body_sha256: sha256(body) })
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: crypto.randomUUID() })
      .setIssuedAt()
      .sign(privateKey);
    const flood = () =>
      Promise.all(Array.from({ length: 10 }, () => outcome(v.verify({ headers: headers(jwt), rawBody: body }))));
    expect(await flood()).toEqual(Array(10).fill("UNKNOWN_KEY"));
    now += 59_999;
    expect(await flood()).toEqual(Array(10).fill("UNKNOWN_KEY"));
    expect(keyFetches()).toBe(1);
    now += 1;
    expect(await outcome(v.verify({ headers: headers(jwt), rawBody: body }))).toBe("UNKNOWN_KEY");
    expect(keyFetches()).toBe(2);
  });

  it("keeps keyCacheSize keys, dropping the least recently used", async () => {
    const other = await addWebhookKey(finlink.ctx);
    const sign = (key: typeof rotated) =>
      new SignJWT({ iat: nowSeconds(), request_body_sha256: sha256(body) })
        .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: key.kid })
        .sign(key.privateKey);
    const v = verifier({ keyCacheSize: 2 });
    const check = async (jwt: string) => v.verify({ headers: headers(jwt), rawBody: body });
    const current = await finlinkSigned();
    await check(current); // [current]
    await check(await sign(rotated)); // [current, rotated]
    await check(current); // [rotated, current]
    await check(await sign(other)); // rotated dropped: [current, other]
    expect(keyFetches()).toBe(3);
    await check(current);
    expect(keyFetches()).toBe(3);
    await check(await sign(rotated));
    expect(keyFetches()).toBe(4);
  });
});
