import type { Connection } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestApp, type TestContext } from "../../testing/test-context";
import { connectionTokenContext } from "./connection-view";
import { createConnection } from "./connections.service";

describe.each(testBackends())("credentialsToken on %s", (_name, backend) => {
  let ctx: TestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, logLines });
  });
  afterAll(() => ctx.close());

  /** A connection of `app` as Link creates it, exchanged: the exchange's answer and the publicToken. */
  const exchanged = async (externalId: string, app: TestApp = ctx.appA) => {
    const { services } = ctx;
    const { publicToken } = await services.database.transaction((tx, sql) =>
      createConnection(services, tx, sql, {
        appId: app.clientId,
        entityId: "sandbox_bank",
        externalId,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
    const token = await ctx.login(app);
    const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { connectionToken: string; connectionId: string };
    return { ...body, publicToken, token };
  };
  const status = (token: string, connectionToken: string) =>
    ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token });
  const list = async (token: string, externalId?: string) => {
    const query = externalId === undefined ? "" : `?externalId=${encodeURIComponent(externalId)}`;
    const res = await ctx.request("GET", `/api/v1/queries/connections${query}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as Connection[];
  };
  const stored = async (connectionId: string) => {
    const [row] = await ctx.services.database.db.select().from(connections).where(eq(connections.id, connectionId));
    return row;
  };

  it("shows the exchange's connectionToken as credentialsToken in the status and the list", async () => {
    const { connectionToken, connectionId, token } = await exchanged("ct-user-1");
    const shown = (await (await status(token, connectionToken)).json()) as Connection;
    expect(shown.credentialsToken).toBe(connectionToken);
    expect(shown.connectionId).toBe(connectionId);
    const listed = (await list(token)).find((c) => c.connectionId === connectionId);
    expect(listed?.credentialsToken).toBe(connectionToken);
  });

  it("lets an integrator find its connection in the list by externalId, matching by credentialsToken", async () => {
    const first = await exchanged("ct-user-2");
    const second = await exchanged("ct-user-2");
    await exchanged("ct-user-3");
    const listed = await list(first.token, "ct-user-2");
    expect(listed.map((c) => c.credentialsToken).sort()).toEqual(
      [first.connectionToken, second.connectionToken].sort(),
    );
    const mine = listed.find((c) => c.credentialsToken === second.connectionToken);
    expect(mine?.connectionId).toBe(second.connectionId);
  });

  it("shows a token that no longer decrypts as null, logs it, and still answers the status and the list", async () => {
    const good = await exchanged("ct-user-damaged");
    const damaged = await exchanged("ct-user-damaged");
    // The other row's ciphertext: well-formed, but bound to another connection, so it cannot be opened here.
    const sealed = (await stored(good.connectionId))?.connectionTokenEnc;
    await ctx.services.database.db
      .update(connections)
      .set({ connectionTokenEnc: sealed })
      .where(eq(connections.id, damaged.connectionId));
    logLines.length = 0;

    const shown = await status(damaged.token, damaged.connectionToken);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as Connection).credentialsToken).toBeNull();
    const listed = await list(good.token, "ct-user-damaged");
    expect(Object.fromEntries(listed.map((c) => [c.connectionId, c.credentialsToken]))).toEqual({
      [good.connectionId]: good.connectionToken,
      [damaged.connectionId]: null,
    });
    const logged = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.field === "credentialsToken");
    expect(logged).toHaveLength(2);
    expect(logged.map((entry) => [entry.level, entry.connectionId])).toEqual([
      [50, damaged.connectionId],
      [50, damaged.connectionId],
    ]);
  });

  it("keeps the token only encrypted, bound to its connection", async () => {
    const { connectionToken, connectionId } = await exchanged("ct-user-4");
    const row = await stored(connectionId);
    expect(row?.connectionTokenEnc).toBeTruthy();
    expect(row?.connectionTokenEnc).not.toContain(connectionToken);
    expect(ctx.services.cipher.decrypt(row?.connectionTokenEnc ?? "", connectionTokenContext(connectionId))).toBe(
      connectionToken,
    );
    // Bound to its row: copied onto another connection, the ciphertext does not decrypt there.
    expect(() =>
      ctx.services.cipher.decrypt(row?.connectionTokenEnc ?? "", connectionTokenContext(crypto.randomUUID())),
    ).toThrow();
  });

  it("shows null for a connection exchanged before the token was kept (its token still works)", async () => {
    const { connectionToken, connectionId, token } = await exchanged("ct-user-5");
    await ctx.services.database.db
      .update(connections)
      .set({ connectionTokenEnc: null })
      .where(eq(connections.id, connectionId));
    const res = await status(token, connectionToken);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Connection).credentialsToken).toBeNull();
    expect((await list(token, "ct-user-5")).map((c) => c.credentialsToken)).toEqual([null]);
  });

  it("is gone once the connection is revoked (a reused publicToken) or deleted", async () => {
    const revoked = await exchanged("ct-user-6");
    const reuse = await ctx.request("POST", `/api/v1/commands/connections/exchange/${revoked.publicToken}`, {
      token: revoked.token,
    });
    expect(reuse.status).toBe(404);
    expect((await stored(revoked.connectionId))?.connectionTokenEnc).toBeNull();
    expect((await status(revoked.token, revoked.connectionToken)).status).toBe(404);

    const deleted = await exchanged("ct-user-6");
    const remove = await ctx.request("DELETE", `/api/v1/commands/connections/${deleted.connectionToken}`, {
      token: await ctx.login(ctx.appA, ["delete"]),
    });
    expect(remove.status).toBe(200);
    expect(await stored(deleted.connectionId)).toBeUndefined();

    const kept = await exchanged("ct-user-6");
    expect((await list(kept.token, "ct-user-6")).map((c) => c.credentialsToken)).toEqual([kept.connectionToken]);
  });

  it("is never shown to another app", async () => {
    const mine = await exchanged("ct-shared");
    const theirs = await exchanged("ct-shared", ctx.appB);
    expect((await status(theirs.token, mine.connectionToken)).status).toBe(404);
    expect((await list(theirs.token, "ct-shared")).map((c) => c.credentialsToken)).toEqual([theirs.connectionToken]);
    expect((await list(mine.token, "ct-shared")).map((c) => c.credentialsToken)).toEqual([mine.connectionToken]);
    const everything = JSON.stringify(await list(theirs.token));
    expect(everything).not.toContain(mine.connectionToken);
  });
});
