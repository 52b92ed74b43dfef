import { createHash } from "node:crypto";
import type { WebhookPayload } from "@finlink/contracts";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { WebhookVerificationError } from "../webhooks/verification-error";
import { createWebhookVerifier } from "../webhooks/verifier";
import { createTestWebhookSigner } from ".";

const event: WebhookPayload = {
  webhookId: crypto.randomUUID(),
  type: "CONNECTION_UPDATED",
  connectionId: crypto.randomUUID(),
  externalId: null,
  status: "READY",
  occurredAt: "2026-11-24T10:15:00.000Z",
};

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof WebhookVerificationError ? error.reason : Promise.reject(error)),
  );

describe("createTestWebhookSigner", () => {
  it("signs as Finlink does: ES256, typ JWT, its kid, iat, the body's lowercase hex SHA-256", async () => {
    const signer = await createTestWebhookSigner();
    const { body, headers } = await signer.sign(event, { iat: 1_790_000_000 });
    expect(body).toBe(JSON.stringify(event));
    expect(headers["content-type"]).toBe("application/json");
    const jwt = headers["vumi-verification"];
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "ES256", kid: signer.kid, typ: "JWT" });
    expect(decodeJwt(jwt)).toEqual({
      iat: 1_790_000_000,
      request_body_sha256: createHash("sha256").update(body).digest("hex"),
    });
    expect(signer.kid).toMatch(/^[0-9a-f-]{36}$/);
    expect(signer.jwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: signer.kid });
    expect(signer.jwk).not.toHaveProperty("d");
  });

  it("makes signatures that verify with its fetcher, and fail with another signer's key", async () => {
    const signer = await createTestWebhookSigner();
    const { body, headers } = await signer.sign(event);
    const mine = createWebhookVerifier({ jwksFetcher: signer.fetcher });
    await expect(mine.verify({ headers, rawBody: body })).resolves.toEqual(event);

    // Another key under the same kid: the signature does not verify.
    const other = await createTestWebhookSigner({ kid: signer.kid });
    const theirs = createWebhookVerifier({ jwksFetcher: other.fetcher });
    expect(await reasonOf(theirs.verify({ headers, rawBody: body }))).toBe("INVALID_SIGNATURE");
    // Another kid: the fetcher knows only its own.
    const stranger = await createTestWebhookSigner();
    const strangers = createWebhookVerifier({ jwksFetcher: stranger.fetcher });
    expect(await reasonOf(strangers.verify({ headers, rawBody: body }))).toBe("UNKNOWN_KEY");
    expect(await stranger.fetcher(signer.kid)).toBeNull();
  });

  it("signs a raw body as it is, so a changed byte is caught", async () => {
    const signer = await createTestWebhookSigner();
    const raw = JSON.stringify(event, null, 2);
    const { body, headers } = await signer.sign(raw);
    expect(body).toBe(raw);
    const verifier = createWebhookVerifier({ jwksFetcher: signer.fetcher });
    await expect(verifier.verifyWebhook(body, headers["vumi-verification"])).resolves.toEqual(event);
    expect(await reasonOf(verifier.verifyWebhook(`${body} `, headers["vumi-verification"]))).toBe("BODY_HASH_MISMATCH");
  });
});
