import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, transactions } from "../db/schema";
import { eraseData } from "../features/connections/maintenance.service";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus, webhookTypesOf } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { runExtraction } from "./extract";
import { CONNECTION_DATA_TABLES, dataRowCounts } from "./lifecycle.testing";

describe.each(testBackends())("extraction on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
  });
  afterAll(() => ctx.close());

  const connect = (username: string, entity = "sandbox_bank") => connectDirectly(ctx, { entity, username });
  const webhookTypes = (connectionId: string) => webhookTypesOf(ctx, connectionId);
  const transactionCount = async (connectionId: string) => {
    const [row] = await ctx.services.database.db
      .select({ n: count() })
      .from(transactions)
      .where(eq(transactions.connectionId, connectionId));
    return row?.n ?? 0;
  };
  const refresh = (apiToken: string, connectionToken: string) =>
    ctx.request("POST", `/api/v1/commands/connections/${connectionToken}/refresh`, { token: apiToken });

  it("user_good goes PENDING → READY with data and a CONNECTION_READY webhook", async () => {
    const c = await connect("user_good");
    const ready = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY", "ERRORED"]);
    expect(ready.status).toBe("READY");
    expect(ready.lastSync).not.toBeNull();
    expect(await transactionCount(c.connectionId)).toBeGreaterThan(50);
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_READY"]);
  });

  it("user_extract_error ends ERRORED with the entity's reason and no data", async () => {
    const c = await connect("user_extract_error");
    const errored = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY", "ERRORED"]);
    expect(errored.status).toBe("ERRORED");
    expect(errored.errorDetails).toEqual({ reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true });
    expect(await transactionCount(c.connectionId)).toBe(0);
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_ERRORED"]);
  });

  it("user_update_error: first import READY, every update UPDATE_ERROR with the older data kept", async () => {
    const c = await connect("user_update_error");
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const before = await transactionCount(c.connectionId);
    const res = await refresh(c.apiToken, c.connectionToken);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ connectionId: c.connectionId, status: "UPDATING" });
    const after = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["UPDATE_ERROR", "READY"]);
    expect(after.status).toBe("UPDATE_ERROR");
    expect(after.errorDetails?.reason).toBe("ENTITY_UNAVAILABLE");
    expect(await transactionCount(c.connectionId)).toBe(before);
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_READY", "CONNECTION_UPDATE_ERROR"]);
  });

  it("a manual refresh goes UPDATING → READY and keeps row ids (no duplicates)", async () => {
    const c = await connect("user_good", "sandbox_broker");
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const before = await transactionCount(c.connectionId);
    expect((await refresh(c.apiToken, c.connectionToken)).status).toBe(202);
    const updated = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY", "UPDATE_ERROR"]);
    expect(updated.status).toBe("READY");
    expect(await transactionCount(c.connectionId)).toBe(before);
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_READY", "CONNECTION_UPDATED"]);
  });

  it("an entity with a second factor answers refresh with 409 and an updateToken", async () => {
    const c = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_otp", twoFactor: true });
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const res = await refresh(c.apiToken, c.connectionToken);
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { reason: string; updateToken: string };
    expect(problem.reason).toBe("USER_ACTION_REQUIRED");
    expect(problem.updateToken).toMatch(/^upd_/);
    const status = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    expect(status.updateToken).toBe(problem.updateToken);
    expect(await webhookTypes(c.connectionId)).toContain("UPDATE_TOKEN_GENERATED");
  });

  it("a job run twice (a crash after writing) leaves no duplicate rows", async () => {
    const c = await connect("user_good");
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const before = await transactionCount(c.connectionId);
    // Replay the run as pg-boss would after an expired job: same connection, same run.
    const [row] = await ctx.services.database.db.select().from(connections).where(eq(connections.id, c.connectionId));
    await ctx.services.database.db
      .update(connections)
      .set({ status: "UPDATING" })
      .where(eq(connections.id, c.connectionId));
    const job = { connectionId: c.connectionId, run: row?.syncRun ?? 0 };
    const signal = new AbortController().signal;
    await runExtraction(ctx.services, job, { signal, finalAttempt: false });
    await runExtraction(ctx.services, job, { signal, finalAttempt: false });
    expect(await transactionCount(c.connectionId)).toBe(before);
  });

  it("a job of an older run writes no row and leaves the status and webhooks as they are", async () => {
    const c = await connect("user_good", "sandbox_broker");
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    // An update is running (UPDATING, current run) and its data is not there yet: only a write can add rows.
    const { db } = ctx.services.database;
    await ctx.services.database.transaction((tx) => eraseData(tx, c.connectionId));
    await db.update(connections).set({ status: "UPDATING" }).where(eq(connections.id, c.connectionId));
    const [row] = await db.select().from(connections).where(eq(connections.id, c.connectionId));
    const current = row?.syncRun ?? 0;
    expect(current).toBeGreaterThan(0);
    const webhooksBefore = await webhookTypes(c.connectionId);
    const run = (job: number) =>
      runExtraction(
        ctx.services,
        { connectionId: c.connectionId, run: job },
        { signal: new AbortController().signal, finalAttempt: true },
      );

    await run(current - 1);
    expect(await dataRowCounts(ctx, c.connectionId)).toEqual(
      Object.fromEntries(CONNECTION_DATA_TABLES.map((table) => [table, 0])),
    );
    const [after] = await db.select().from(connections).where(eq(connections.id, c.connectionId));
    expect(after?.status).toBe("UPDATING");
    expect(await webhookTypes(c.connectionId)).toEqual(webhooksBefore);

    // The other side: the current run writes every table and ends READY.
    await run(current);
    const counts = await dataRowCounts(ctx, c.connectionId);
    for (const table of CONNECTION_DATA_TABLES) expect(counts[table], table).toBeGreaterThan(0);
    expect((await db.select().from(connections).where(eq(connections.id, c.connectionId)))[0]?.status).toBe("READY");
  });

  it("delete erases the data and the token stops working", async () => {
    const c = await connect("user_good");
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const res = await ctx.request("DELETE", `/api/v1/commands/connections/${c.connectionToken}`, { token: c.apiToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "success" });
    expect(await transactionCount(c.connectionId)).toBe(0);
    const status = await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}`, { token: c.apiToken });
    expect(status.status).toBe(404);
    expect(await webhookTypes(c.connectionId)).toContain("CONNECTION_DELETED");
  });

  it("another app's token never reaches the connection", async () => {
    const c = await connect("user_good");
    const tokenB = await ctx.login(ctx.appB);
    for (const [method, path] of [
      ["GET", `/api/v1/queries/connections/${c.connectionToken}`],
      ["POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`],
      ["DELETE", `/api/v1/commands/connections/${c.connectionToken}`],
    ] as const) {
      expect((await ctx.request(method, path, { token: tokenB })).status, `${method} ${path}`).toBe(404);
    }
  });
});

describe("slow extraction", () => {
  it("user_slow is PENDING while its first rows are already stored, then READY with more", async () => {
    // 60 s scaled to 3 s, in batches of 10 rows: the test can look in between batches.
    const ctx = await createTestContext({ timeScale: 0.05 });
    try {
      const c = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_slow" });
      const status = async () =>
        (
          (await (
            await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}`, { token: c.apiToken })
          ).json()) as { status: string }
        ).status;
      const stored = async () =>
        (
          await ctx.services.database.db
            .select({ n: count() })
            .from(transactions)
            .where(eq(transactions.connectionId, c.connectionId))
        )[0]?.n ?? 0;
      let during = 0;
      // The overlap: rows counted first, then the status read still PENDING, so both held at once.
      await expect
        .poll(
          async () => {
            during = await stored();
            return during > 0 ? await status() : "no rows yet";
          },
          { timeout: 20_000, interval: 20 },
        )
        .toBe("PENDING");
      expect((await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"], 20_000)).status).toBe("READY");
      expect(await stored()).toBeGreaterThan(during);
    } finally {
      await ctx.close();
    }
  });
});
