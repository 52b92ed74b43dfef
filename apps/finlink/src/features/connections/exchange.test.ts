import type { ExchangeResponse } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { connectDirectly } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createConnection } from "./connections.service";

describe.each(testBackends())("exchange on %s", (_name, backend) => {
  let ctx: TestContext;
  let clock = new Date();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => clock });
  });
  afterAll(() => ctx.close());

  /** A fresh, unexchanged connection of app A and its publicToken. */
  const newConnection = async (externalId: string | null = null) => {
    const { services } = ctx;
    return services.database.transaction((tx, sql) =>
      createConnection(services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_bank",
        externalId,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
  };
  const newPublicToken = async (externalId: string | null = null) => (await newConnection(externalId)).publicToken;
  const exchange = (token: string, publicToken: string, headers: Record<string, string> = {}) =>
    ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token, headers });
  const status = (token: string, connectionToken: string) =>
    ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token });
  const withKey = () => ({ "Idempotency-Key": crypto.randomUUID() });

  it("exchanges a publicToken once for a connectionToken that opens the connection", async () => {
    const token = await ctx.login();
    const res = await exchange(token, await newPublicToken("user-1"));
    expect(res.status).toBe(200);
    const { connectionToken, connectionId } = (await res.json()) as { connectionToken: string; connectionId: string };
    expect(connectionToken).toMatch(/^con_[\w-]{43}$/);
    const connection = (await (await status(token, connectionToken)).json()) as Record<string, unknown>;
    expect(connection).toMatchObject({
      connectionId,
      status: "PENDING",
      entity: "sandbox_bank",
      externalId: "user-1",
      hasCredentials: true,
      twoFactorEnabled: false,
      updateToken: null,
      restoreToken: null,
      errorDetails: null,
    });
  });

  it("answers 404 for an unknown token and for another app's token", async () => {
    const publicToken = await newPublicToken();
    const other = await exchange(await ctx.login(ctx.appB), publicToken);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { detail: string }).detail).toBe(
      "Connection not found with the given public token for the current app",
    );
    expect((await exchange(await ctx.login(), "pub_unknown")).status).toBe(404);
    // The other app's attempt did not burn it.
    expect((await exchange(await ctx.login(), publicToken)).status).toBe(200);
  });

  it("exchanges a publicToken 29:59 after its creation and answers 404 from 30:00 on", async () => {
    const createdAt = new Date();
    clock = createdAt;
    const young = await newPublicToken();
    const old = await newPublicToken();
    const token = await ctx.login();
    try {
      // Literal 30 minutes, not the constant: a shorter TTL in the code must fail here.
      clock = new Date(createdAt.getTime() + 30 * 60_000 - 1_000);
      expect((await exchange(token, young)).status).toBe(200);
      clock = new Date(createdAt.getTime() + 30 * 60_000);
      const expired = await exchange(token, old);
      expect(expired.status).toBe(404);
      expect(await expired.json()).toMatchObject({ reason: "PUBLIC_TOKEN_NOT_FOUND" });
    } finally {
      clock = new Date();
    }
  });

  it("revokes the connectionToken when a used publicToken comes back", async () => {
    const token = await ctx.login();
    const publicToken = await newPublicToken();
    const first = (await (await exchange(token, publicToken)).json()) as { connectionToken: string };
    expect((await status(token, first.connectionToken)).status).toBe(200);
    const reuse = await exchange(token, publicToken);
    expect(reuse.status).toBe(404);
    expect((await status(token, first.connectionToken)).status).toBe(404);
    expect((await exchange(token, publicToken)).status).toBe(404);
    const { rows } = await ctx.services.database.sql.query<{ credentials_enc: string | null }>(
      "select credentials_enc from connections where public_token_hash = $1",
      [sha256(publicToken)],
    );
    expect(rows).toEqual([{ credentials_enc: null }]);
  });

  it("replays the first response for a retry with the same Idempotency-Key", async () => {
    const token = await ctx.login();
    const publicToken = await newPublicToken();
    const key = withKey();
    const first = await (await exchange(token, publicToken, key)).json();
    const retry = await exchange(token, publicToken, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(first);
    expect((await status(token, (first as { connectionToken: string }).connectionToken)).status).toBe(200);
    // A different key is a reuse: 404 and the token is revoked.
    expect((await exchange(token, publicToken, { "Idempotency-Key": "other" })).status).toBe(404);
    expect((await status(token, (first as { connectionToken: string }).connectionToken)).status).toBe(404);
  });

  it("answers another app 404 for a spent publicToken sent with its Idempotency-Key, and leaves it to its app", async () => {
    const tokenA = await ctx.login();
    const publicToken = await newPublicToken();
    const key = withKey();
    const first = (await (await exchange(tokenA, publicToken, key)).json()) as ExchangeResponse;
    const fromB = await exchange(await ctx.login(ctx.appB), publicToken, key);
    expect(fromB.status).toBe(404);
    const problem = await fromB.text();
    expect(problem).not.toContain(first.connectionToken);
    expect(problem).not.toContain(first.connectionId);
    // Not a reuse of app A's token (B cannot see it): no revocation, and A's own retry still replays.
    expect(JSON.parse(problem)).toMatchObject({ reason: "PUBLIC_TOKEN_NOT_FOUND" });
    expect((await status(tokenA, first.connectionToken)).status).toBe(200);
    const retry = await exchange(tokenA, publicToken, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(first);
  });

  it("never answers a key's stored response for another publicToken", async () => {
    const token = await ctx.login();
    const key = withKey();
    const first = (await (await exchange(token, await newPublicToken(), key)).json()) as ExchangeResponse;

    // The same key with a fresh publicToken exchanges that token.
    const fresh = await newConnection();
    const second = await exchange(token, fresh.publicToken, key);
    expect(second.status).toBe(200);
    const answer = (await second.json()) as ExchangeResponse;
    expect(answer.connectionId).toBe(fresh.connectionId);
    expect(answer.connectionToken).not.toBe(first.connectionToken);

    // The same key with another, already exchanged publicToken is a reuse of that token.
    const spent = await newPublicToken();
    const spentAnswer = (await (await exchange(token, spent, withKey())).json()) as ExchangeResponse;
    const reuse = await exchange(token, spent, key);
    expect(reuse.status).toBe(404);
    expect(await reuse.json()).toMatchObject({ reason: "PUBLIC_TOKEN_REUSED" });
    expect((await status(token, spentAnswer.connectionToken)).status).toBe(404);
    expect((await status(token, first.connectionToken)).status).toBe(200);
  });

  it("replays for the Idempotency-Key 24 h − 1 ms after the exchange; at 24 h it is a reuse that revokes", async () => {
    const exchangedAt = new Date();
    clock = exchangedAt;
    try {
      const publicToken = await newPublicToken();
      const key = withKey();
      const first = await exchange(await ctx.login(), publicToken, key);
      expect(first.status).toBe(200);
      const answer = (await first.json()) as ExchangeResponse;
      // Literal 24 hours, not the constant: another window in the code must fail here.
      clock = new Date(exchangedAt.getTime() + 24 * 3600_000 - 1);
      const token = await ctx.login();
      const retry = await exchange(token, publicToken, key);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toEqual(answer);
      expect((await status(token, answer.connectionToken)).status).toBe(200);

      clock = new Date(exchangedAt.getTime() + 24 * 3600_000);
      const late = await exchange(token, publicToken, key);
      expect(late.status).toBe(404);
      expect(await late.json()).toMatchObject({ reason: "PUBLIC_TOKEN_REUSED" });
      expect((await status(token, answer.connectionToken)).status).toBe(404);
    } finally {
      clock = new Date();
    }
  });

  it("answers a use of a publicToken after its revoke with a plain 404, not PUBLIC_TOKEN_REUSED, and keeps the revoke as it was", async () => {
    const revokedAt = new Date();
    clock = revokedAt;
    try {
      const token = await ctx.login();
      const publicToken = await newPublicToken();
      const key = withKey();
      expect((await exchange(token, publicToken, key)).status).toBe(200);
      const reuse = await exchange(token, publicToken);
      expect([reuse.status, ((await reuse.json()) as { reason?: string }).reason]).toEqual([
        404,
        "PUBLIC_TOKEN_REUSED",
      ]);
      // The connection is already dead: nothing is left to revoke, and nothing to tell the caller.
      clock = new Date(revokedAt.getTime() + 1_000);
      for (const headers of [{}, key]) {
        const again = await exchange(token, publicToken, headers);
        expect(again.status).toBe(404);
        expect(await again.json()).toMatchObject({ reason: "PUBLIC_TOKEN_NOT_FOUND" });
      }
      const { rows } = await ctx.services.database.sql.query<{ revoked_at: Date }>(
        "select revoked_at from connections where public_token_hash = $1",
        [sha256(publicToken)],
      );
      expect(rows.map((r) => new Date(r.revoked_at).getTime())).toEqual([revokedAt.getTime()]);
    } finally {
      clock = new Date();
    }
  });

  it("lists only exchanged, unrevoked connections of the app, filtered by externalId", async () => {
    const externalId = `list-${crypto.randomUUID()}`;
    await newPublicToken(externalId);
    const kept = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId });
    const revoked = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId });
    const token = await ctx.login();
    const listed = async () => {
      const res = await ctx.request("GET", `/api/v1/queries/connections?externalId=${externalId}`, { token });
      expect(res.status).toBe(200);
      return ((await res.json()) as { connectionId: string }[]).map((c) => c.connectionId).sort();
    };
    expect(await listed()).toEqual([kept.connectionId, revoked.connectionId].sort());
    expect((await exchange(token, revoked.publicToken)).status).toBe(404); // a reuse: revoked
    expect(await listed()).toEqual([kept.connectionId]);
    const otherApp = await ctx.request("GET", `/api/v1/queries/connections?externalId=${externalId}`, {
      token: await ctx.login(ctx.appB),
    });
    expect(await otherApp.json()).toEqual([]);
  });
});
