import type { Connection } from "@finlink/contracts";
import { eq, sql as raw } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connections } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createConnection } from "./connections.service";

// The status endpoint answers from memory what it can (verified API tokens, on PGlite the connection's row, its
// decrypted tokens): none of that may ever show what the database no longer says.
describe.each(testBackends())("the status endpoint's caches on %s", (name, backend) => {
  let ctx: TestContext;
  let clock = new Date();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => clock });
  });
  afterAll(() => ctx.close());
  afterEach(() => {
    vi.useRealTimers();
    clock = new Date();
  });

  const exchanged = async (externalId: string) => {
    const { services } = ctx;
    const { publicToken, connectionId } = await services.database.transaction((tx, sql) =>
      createConnection(services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_bank",
        externalId,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
    const token = await ctx.login();
    const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token });
    expect(res.status).toBe(200);
    const { connectionToken } = (await res.json()) as { connectionToken: string };
    return { connectionToken, connectionId, token };
  };
  const status = (token: string, connectionToken: string) =>
    ctx.request("GET", `/api/v1/queries/connections/${connectionToken}`, { token });
  /** The status, read twice (the second from memory where there is a cache), and its body. */
  const warm = async (token: string, connectionToken: string): Promise<Connection> => {
    expect((await status(token, connectionToken)).status).toBe(200);
    const res = await status(token, connectionToken);
    expect(res.status).toBe(200);
    return (await res.json()) as Connection;
  };
  const setStatus = (connectionId: string, value: string) =>
    ctx.services.database.db.update(connections).set({ status: value }).where(eq(connections.id, connectionId));

  it("shows a status change made through drizzle at once", async () => {
    const { connectionToken, connectionId, token } = await exchanged("cache-1");
    expect((await warm(token, connectionToken)).status).toBe("PENDING");
    await setStatus(connectionId, "READY");
    expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("READY");
  });

  it("shows a change made in a transaction, and through raw SQL (the jobs' path), at once", async () => {
    const { connectionToken, connectionId, token } = await exchanged("cache-2");
    await warm(token, connectionToken);
    await ctx.services.database.transaction((tx) =>
      tx.update(connections).set({ status: "UPDATING" }).where(eq(connections.id, connectionId)),
    );
    expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("UPDATING");
    await ctx.services.database.sql.query("update connections set status = 'ERROR' where id = $1", [connectionId]);
    expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("ERROR");
  });

  it("answers 404 at once for a connection deleted through the API", async () => {
    const { connectionToken, token } = await exchanged("cache-3");
    await warm(token, connectionToken);
    const res = await ctx.request("DELETE", `/api/v1/commands/connections/${connectionToken}`, { token });
    expect(res.status).toBe(200);
    const after = await status(token, connectionToken);
    expect(after.status).toBe(404);
    expect(((await after.json()) as { reason: string }).reason).toBe("CONNECTION_NOT_FOUND");
  });

  it("answers 404 at once for a connection revoked, and again 200 once it is not", async () => {
    const { connectionToken, connectionId, token } = await exchanged("cache-4");
    await warm(token, connectionToken);
    await ctx.services.database.db
      .update(connections)
      .set({ revokedAt: clock })
      .where(eq(connections.id, connectionId));
    expect((await status(token, connectionToken)).status).toBe(404);
    await ctx.services.database.db.update(connections).set({ revokedAt: null }).where(eq(connections.id, connectionId));
    expect((await status(token, connectionToken)).status).toBe(200);
  });

  it("answers 404 to another app's token for a connection the owner's token has just read", async () => {
    const { connectionToken, token } = await exchanged("cache-5");
    await warm(token, connectionToken);
    const other = await ctx.login(ctx.appB);
    expect((await status(other, connectionToken)).status).toBe(404);
    expect((await status(token, connectionToken)).status).toBe(200);
  });

  it("shows the update token until the moment it expires, and not from then on", async () => {
    const { connectionToken, connectionId, token } = await exchanged("cache-6");
    const expiresAt = new Date(clock.getTime() + 60_000);
    const sealed = ctx.services.cipher.encrypt("upd_cached", `connection:${connectionId}:update-token`);
    await ctx.services.database.db
      .update(connections)
      .set({ updateTokenEnc: sealed, updateTokenExpiresAt: expiresAt })
      .where(eq(connections.id, connectionId));
    expect((await warm(token, connectionToken)).updateToken).toBe("upd_cached");
    clock = new Date(expiresAt.getTime() - 1);
    expect(((await (await status(token, connectionToken)).json()) as Connection).updateToken).toBe("upd_cached");
    clock = expiresAt;
    expect(((await (await status(token, connectionToken)).json()) as Connection).updateToken).toBeNull();
    // A clock set back (tests do it) shows it again: the view kept is only the one made for the same side.
    clock = new Date(expiresAt.getTime() - 1000);
    expect(((await (await status(token, connectionToken)).json()) as Connection).updateToken).toBe("upd_cached");
  });

  it("refuses an API token from the second it expires, though it was verified a moment before", async () => {
    const { connectionToken, token } = await exchanged("cache-7");
    const { exp } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp: number };
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((exp - 1) * 1000 + 999);
    await warm(token, connectionToken);
    vi.setSystemTime(exp * 1000);
    const res = await status(token, connectionToken);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { reason: string }).reason).toBe("INVALID_TOKEN");
    // And it stays refused: a refusal is not what a clock set back could undo by itself being cached.
    vi.setSystemTime(exp * 1000 + 5000);
    expect((await status(token, connectionToken)).status).toBe(401);
  });

  it("refuses a token whose signature was altered after the real one was verified", async () => {
    const { connectionToken, token } = await exchanged("cache-8");
    await warm(token, connectionToken);
    const [header, payload, signature = ""] = token.split(".");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BA" : "AA"}`;
    expect((await status(`${header}.${payload}.${flipped}`, connectionToken)).status).toBe(401);
  });

  if (name === "postgres") {
    it("shows a change made by another process's connection at once (no row cache on PostgreSQL)", async () => {
      const { connectionToken, connectionId, token } = await exchanged("cache-9");
      await warm(token, connectionToken);
      const other = new pg.Client({ connectionString: ctx.services.database.url });
      await other.connect();
      try {
        await other.query("update connections set status = 'READY' where id = $1", [connectionId]);
        expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("READY");
        await other.query("delete from connections where id = $1", [connectionId]);
        expect((await status(token, connectionToken)).status).toBe(404);
      } finally {
        await other.end();
      }
    });
  } else {
    it("does answer from memory on PGlite (a write behind the tracker's back is not seen: writes go through db, sql or transaction)", async () => {
      const { connectionToken, connectionId, token } = await exchanged("cache-9");
      await warm(token, connectionToken);
      await ctx.services.database.reads.execute(
        raw`update connections set status = 'READY' where id = ${connectionId}`,
      );
      expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("PENDING");
      await setStatus(connectionId, "READY");
      expect(((await (await status(token, connectionToken)).json()) as Connection).status).toBe("READY");
    });
  }
});
