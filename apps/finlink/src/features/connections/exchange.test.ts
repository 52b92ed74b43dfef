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

  /** A fresh, unexchanged publicToken of app A. */
  const newPublicToken = async (externalId: string | null = null) => {
    const { services } = ctx;
    const { publicToken } = await services.database.transaction((tx, sql) =>
      createConnection(services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_bank",
        externalId,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
    return publicToken;
  };
  const exchange = (token: string, publicToken: string, headers: Record<string, string> = {}) =>
    ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token, headers });
  const status = (token: string, connectionToken: string) =>
    ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token });

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

  it("answers 404 once the publicToken is older than 30 minutes", async () => {
    const publicToken = await newPublicToken();
    const token = await ctx.login();
    clock = new Date(clock.getTime() + 30 * 60_000 + 1);
    try {
      expect((await exchange(token, publicToken)).status).toBe(404);
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
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const first = await (await exchange(token, publicToken, key)).json();
    const retry = await exchange(token, publicToken, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(first);
    expect((await status(token, (first as { connectionToken: string }).connectionToken)).status).toBe(200);
    // A different key is a reuse: 404 and the token is revoked.
    expect((await exchange(token, publicToken, { "Idempotency-Key": "other" })).status).toBe(404);
    expect((await status(token, (first as { connectionToken: string }).connectionToken)).status).toBe(404);
  });

  it("does not replay after 24 hours", async () => {
    const token = await ctx.login();
    const publicToken = await newPublicToken();
    const key = { "Idempotency-Key": "k-24h" };
    expect((await exchange(token, publicToken, key)).status).toBe(200);
    clock = new Date(clock.getTime() + 24 * 3600_000 + 1);
    try {
      expect((await exchange(token, publicToken, key)).status).toBe(404);
    } finally {
      clock = new Date();
    }
  });

  it("lists unexchanged connections with fresh publicTokens; the old one stops working", async () => {
    const token = await ctx.login();
    const externalId = `pending-${crypto.randomUUID()}`;
    const lost = await newPublicToken(externalId);
    const res = await ctx.request("GET", `/api/v1/queries/connections/pending?externalId=${externalId}`, { token });
    expect(res.status).toBe(200);
    const pending = (await res.json()) as { publicToken: string; externalId: string; createdAt: string }[];
    expect(pending).toHaveLength(1);
    expect(pending[0]?.externalId).toBe(externalId);
    expect(pending[0]?.publicToken).not.toBe(lost);
    expect((await exchange(token, lost)).status).toBe(404);
    expect((await exchange(token, pending[0]?.publicToken ?? "")).status).toBe(200);
    const after = await ctx.request("GET", `/api/v1/queries/connections/pending?externalId=${externalId}`, { token });
    expect(await after.json()).toEqual([]);
    const otherApp = await ctx.request("GET", "/api/v1/queries/connections/pending", {
      token: await ctx.login(ctx.appB),
    });
    expect(await otherApp.json()).toEqual([]);
  });

  it("lists only exchanged connections of the app, filtered by externalId", async () => {
    const externalId = `list-${crypto.randomUUID()}`;
    await newPublicToken(externalId);
    const { connectionId } = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", externalId });
    const token = await ctx.login();
    const res = await ctx.request("GET", `/api/v1/queries/connections?externalId=${externalId}`, { token });
    const list = (await res.json()) as { connectionId: string }[];
    expect(list.map((c) => c.connectionId)).toEqual([connectionId]);
    const otherApp = await ctx.request("GET", `/api/v1/queries/connections?externalId=${externalId}`, {
      token: await ctx.login(ctx.appB),
    });
    expect(await otherApp.json()).toEqual([]);
  });
});
