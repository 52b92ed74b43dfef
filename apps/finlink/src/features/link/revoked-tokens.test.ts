import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { connectDirectly } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";

type Tokens = { apiToken: string; connectionId: string; updateToken: string; restoreToken: string };

describe.each(testBackends())("update and restore tokens of a revoked connection, on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
  });
  afterAll(() => ctx.close());

  const redirectId = () => ctx.appA.redirects[0]?.id;
  const problemOf = async (res: Response) => [res.status, ((await res.json()) as { reason?: string }).reason ?? null];
  const startFlow = (apiToken: string, body: Record<string, string>) =>
    ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token: apiToken,
      body: { id: redirectId(), product: "TRANSACTIONS", ...body },
    });

  /** An exchanged connection holding both an update token (a second factor) and a restore token (reset-login). */
  async function withBothTokens(): Promise<Tokens & { publicToken: string }> {
    const c = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    // As if its first extraction had run: a READY connection with a second factor answers an updateToken.
    await ctx.services.database.db
      .update(connections)
      .set({ status: "READY" })
      .where(eq(connections.id, c.connectionId));
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
      token: c.apiToken,
    });
    expect(refresh.status).toBe(409);
    const { updateToken } = (await refresh.json()) as { updateToken: string };
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${c.connectionToken}/reset-login`, {
      token: c.apiToken,
    });
    expect(reset.status).toBe(200);
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    expect([updateToken, restoreToken]).toEqual([expect.stringMatching(/^upd_/), expect.stringMatching(/^rst_/)]);
    return { ...c, updateToken, restoreToken };
  }

  /** Status and reason of Link's session and of start-flow, each given the update and then the restore token. */
  const uses = async (c: Tokens) => [
    await problemOf(
      await ctx.request("POST", "/api/v1/link/sessions", { body: { id: redirectId(), update_token: c.updateToken } }),
    ),
    await problemOf(
      await ctx.request("POST", "/api/v1/link/sessions", { body: { id: redirectId(), restore_token: c.restoreToken } }),
    ),
    await problemOf(await startFlow(c.apiToken, { updateToken: c.updateToken })),
    await problemOf(await startFlow(c.apiToken, { restoreToken: c.restoreToken })),
  ];
  const ACCEPTED = [
    [201, null],
    [201, null],
    [200, null],
    [200, null],
  ];
  const REFUSED = Array.from({ length: 4 }, () => [404, "UNKNOWN_TOKEN"]);

  it("a publicToken reuse clears both tokens, and Link, start-flow and an earlier start token refuse them as UNKNOWN_TOKEN", async () => {
    const c = await withBothTokens();
    expect(await uses(c)).toEqual(ACCEPTED);
    const startRes = await startFlow(c.apiToken, { restoreToken: c.restoreToken });
    const { token: earlierStart } = (await startRes.json()) as { token: string };

    const reuse = await ctx.request("POST", `/api/v1/commands/connections/exchange/${c.publicToken}`, {
      token: c.apiToken,
    });
    expect(reuse.status).toBe(404);
    const { rows } = await ctx.services.database.sql.query(
      `select update_token_hash, update_token_enc, update_token_expires_at,
              restore_token_hash, restore_token_enc, restore_token_expires_at
         from connections where id = $1 and revoked_at is not null`,
      [c.connectionId],
    );
    expect(rows).toEqual([
      {
        update_token_hash: null,
        update_token_enc: null,
        update_token_expires_at: null,
        restore_token_hash: null,
        restore_token_enc: null,
        restore_token_expires_at: null,
      },
    ]);
    expect(await uses(c)).toEqual(REFUSED);
    const opened = await ctx.request("POST", "/api/v1/link/sessions", { body: { authToken: earlierStart } });
    expect(await problemOf(opened)).toEqual([404, "UNKNOWN_TOKEN"]);
  });

  it("a revoked connection that still holds its tokens (revoked before revokes cleared them) refuses them as UNKNOWN_TOKEN", async () => {
    const c = await withBothTokens();
    expect(await uses(c)).toEqual(ACCEPTED);
    await ctx.services.database.db
      .update(connections)
      .set({ revokedAt: ctx.services.now() })
      .where(eq(connections.id, c.connectionId));
    expect(await uses(c)).toEqual(REFUSED);
  });
});
