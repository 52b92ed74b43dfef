import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractBatch } from "../connectors/connector";
import { extractBatches, merge } from "../connectors/sandbox/test-support";
import { connections } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { testBackends } from "../testing/backends";
import { createTestContext, type TestContext } from "../testing/test-context";
import { CONNECTION_DATA_TABLES, dataRowCounts, totalRows } from "./lifecycle.testing";
import { apiId, writeBatch } from "./store-batch";

type Values = Partial<typeof connections.$inferInsert>;

describe.each(testBackends())("writing an extracted batch on %s", (_name, backend) => {
  let ctx: TestContext;
  /** The broker's whole extraction as one batch: rows for every data table. */
  let batch: ExtractBatch;
  beforeAll(async () => {
    // No workers: the connections stay exactly as each test sets them.
    ctx = await createTestContext({ backend, workers: false });
    batch = merge(await extractBatches("sandbox_broker", "user_good"));
  });
  afterAll(() => ctx.close());

  /** A connection as Link's finish leaves it: PENDING on run 1. */
  const pendingConnection = async (values: Values = {}) => {
    const { connectionId } = await ctx.services.database.transaction((tx, sql) =>
      createConnection(ctx.services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_broker",
        externalId: null,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
    if (Object.keys(values).length > 0) {
      await ctx.services.database.db.update(connections).set(values).where(eq(connections.id, connectionId));
    }
    return connectionId;
  };
  const write = (connectionId: string, run: number) =>
    writeBatch(ctx.services.database, { connectionId, run }, batch, new Date());

  it.each<[string, Values]>([
    ["PENDING (first extraction)", {}],
    ["UPDATING (an update)", { status: "UPDATING" }],
  ])("writes every data table while the job is the current run of a %s connection", async (_case, values) => {
    const id = await pendingConnection(values);
    expect(await write(id, 1)).toBe(true);
    const counts = await dataRowCounts(ctx, id);
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(6);
    for (const table of CONNECTION_DATA_TABLES) expect(counts[table], table).toBeGreaterThan(0);
  });

  it.each<[string, Values, number]>([
    ["an older run number than the connection's", {}, 0],
    ["a newer run started since (refresh, reset-login)", { syncRun: 2 }, 1],
    ["the run ended READY", { status: "READY" }, 1],
    ["the run ended ERRORED (reset-login)", { status: "ERRORED" }, 1],
    ["the connection revoked (publicToken reuse)", { revokedAt: new Date() }, 1],
  ])("a stale run writes nothing and is told to stop: %s", async (_case, values, run) => {
    const id = await pendingConnection(values);
    expect(await write(id, run)).toBe(false);
    expect(totalRows(await dataRowCounts(ctx, id))).toBe(0);
  });

  it("a run of a deleted connection writes nothing and is told to stop, without a foreign-key error", async () => {
    const id = await pendingConnection();
    await ctx.services.database.db.delete(connections).where(eq(connections.id, id));
    expect(await write(id, 1)).toBe(false);
    expect(totalRows(await dataRowCounts(ctx, id))).toBe(0);
  });

  // Only PostgreSQL has a second connection to commit a delete while a batch is between its check and
  // its write; PGlite runs one transaction at a time, so the question does not arise there.
  it.runIf(backend.kind === "postgres")(
    "a batch that meets an uncommitted delete or revoke waits for it under the row lock, then writes nothing",
    async () => {
      const url = "url" in ctx.config.database ? ctx.config.database.url : "";
      for (const statement of [
        "delete from connections where id = $1",
        "update connections set revoked_at = now() where id = $1",
      ]) {
        const id = await pendingConnection();
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        try {
          await other.query("begin");
          await other.query(statement, [id]);
          const writing = write(id, 1);
          // The overlap: the batch's transaction is really waiting on the other one's row lock.
          await expect
            .poll(
              async () =>
                (
                  await ctx.services.database.sql.query<{ n: number }>(
                    "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
                  )
                ).rows[0]?.n,
              { timeout: 10_000, interval: 20 },
            )
            .toBe(1);
          await other.query("commit");
          expect(await writing, statement).toBe(false);
          expect(totalRows(await dataRowCounts(ctx, id)), statement).toBe(0);
        } finally {
          await other.end();
        }
      }
    },
  );
});

describe("apiId", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const connection = "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90";

  it("is a version-8 UUID, the same for the same connection, kind and connector id", () => {
    const id = apiId(connection, "account", "acc_1");
    expect(id).toMatch(uuid);
    expect(apiId(connection, "account", "acc_1")).toBe(id);
    // Every variant nibble the hash can give lands in 8–b.
    const variants = new Set(Array.from({ length: 200 }, (_, i) => apiId(connection, "account", `a${i}`)[19]));
    expect([...variants].sort()).toEqual(["8", "9", "a", "b"]);
  });

  it("differs for another connection, another kind or another connector id", () => {
    const id = apiId(connection, "account", "acc_1");
    expect(apiId("1b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90", "account", "acc_1")).not.toBe(id);
    expect(apiId(connection, "portfolio", "acc_1")).not.toBe(id);
    expect(apiId(connection, "account", "acc_2")).not.toBe(id);
    // The separator keeps "a" + "bc" apart from "ab" + "c".
    expect(apiId(connection, "account", "x")).not.toBe(apiId(`${connection}\u0000account`, "account", "x"));
  });
});
