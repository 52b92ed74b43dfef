import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { connectDirectly } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";

type Kind = "update" | "restore";
const HOUR_MS = 3600_000;

describe.each(testBackends())("update and restore tokens past their expiry (%s)", (_, backend) => {
  let ctx: TestContext;
  let clock: Date | null = null;
  let apiToken: string;
  const tokens = {} as Record<Kind, { token: string; connectionId: string }>;

  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => clock ?? new Date() });
    apiToken = await ctx.login(ctx.appA);
    const twoFactor = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    // Without workers the first extraction never ends: mark it done so refresh issues an update token.
    await ctx.services.database.sql.query("update connections set status = 'READY' where id = $1", [
      twoFactor.connectionId,
    ]);
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${twoFactor.connectionToken}/refresh`, {
      token: apiToken,
    });
    const { updateToken } = (await refresh.json()) as { updateToken: string };
    const plain = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${plain.connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    tokens.update = { token: updateToken, connectionId: twoFactor.connectionId };
    tokens.restore = { token: restoreToken, connectionId: plain.connectionId };
  });
  afterAll(() => ctx?.close());

  const redirectId = () => ctx.appA.redirects[0]?.id;
  const setExpiry = (kind: Kind, at: Date | null) =>
    ctx.services.database.sql.query(`update connections set ${kind}_token_expires_at = $1 where id = $2`, [
      at,
      tokens[kind].connectionId,
    ]);
  const problemOf = async (res: Response) => ({
    status: res.status,
    body: (await res.json()) as { reason?: string; detail?: string },
  });
  /** The three ways a token is used: a Link URL parameter, start-flow, and the start token start-flow signed. */
  const uses = (kind: Kind, token: string) => ({
    urlParam: () =>
      ctx.request("POST", "/api/v1/link/sessions", { body: { id: redirectId(), [`${kind}_token`]: token } }),
    startFlow: () =>
      ctx.request("POST", "/api/v1/commands/connections/start-flow", {
        token: apiToken,
        body: { id: redirectId(), product: "TRANSACTIONS", [`${kind}Token`]: token },
      }),
  });
  const startToken = async (kind: Kind) =>
    (
      (await (await uses(kind, tokens[kind].token).startFlow()).json()) as {
        token: string;
      }
    ).token;
  const openWith = (authToken: string) => ctx.request("POST", "/api/v1/link/sessions", { body: { authToken } });

  it.each<Kind>(["update", "restore"])(
    "accepts the %s token up to the last millisecond before its expiry and refuses it from then on, like an unknown one",
    async (kind) => {
      const expiresAt = new Date(Date.now() + HOUR_MS);
      await setExpiry(kind, expiresAt);
      const known = uses(kind, tokens[kind].token);
      try {
        clock = new Date(expiresAt.getTime() - 1);
        expect((await known.urlParam()).status).toBe(201);
        expect((await known.startFlow()).status).toBe(200);
        const issuedBefore = await startToken(kind);
        expect((await openWith(issuedBefore)).status).toBe(201);

        clock = expiresAt;
        const unknown = uses(kind, `${kind === "update" ? "upd" : "rst"}_never-issued`);
        const refusedLikeUnknown = { status: 404, body: expect.objectContaining({ reason: "UNKNOWN_TOKEN" }) };
        for (const [expired, never] of [
          [known.urlParam, unknown.urlParam],
          [known.startFlow, unknown.startFlow],
        ] as const) {
          const [a, b] = [await problemOf(await expired()), await problemOf(await never())];
          expect(a).toEqual(refusedLikeUnknown);
          expect(a.body.detail).toBe(b.body.detail);
        }
        // A start token signed while the token lived is checked again when it is used.
        expect(await problemOf(await openWith(issuedBefore))).toEqual(refusedLikeUnknown);
      } finally {
        clock = null;
      }
    },
  );

  it.each<Kind>(["update", "restore"])(
    "counts the %s token without an expiry (issued before expiries) as valid",
    async (kind) => {
      await setExpiry(kind, null);
      const known = uses(kind, tokens[kind].token);
      try {
        clock = new Date(Date.now() + 10 * 365 * 24 * HOUR_MS);
        expect((await known.urlParam()).status).toBe(201);
        expect((await known.startFlow()).status).toBe(200);
      } finally {
        clock = null;
      }
    },
  );
});
