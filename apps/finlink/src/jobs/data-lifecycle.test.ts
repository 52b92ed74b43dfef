import type { Connection } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../db/schema";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus, webhookTypesOf } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import {
  CONNECTION_DATA_TABLES,
  dataRowCounts,
  extractionJobs,
  GATED_ENTITY,
  gateExtractions,
  totalRows,
  waitForExtractionJob,
} from "./lifecycle.testing";

const NO_ROWS = Object.fromEntries(CONNECTION_DATA_TABLES.map((table) => [table, 0]));

describe.each(testBackends())("connection data after delete, revoke and reset-login, on %s", (_name, backend) => {
  let ctx: TestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ backend, logLines });
  });
  afterAll(() => ctx.close());

  const errorLogs = () => logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
  const webhookTypes = (connectionId: string) => webhookTypesOf(ctx, connectionId);

  /**
   * A connection whose first extraction waits, gated: after its first batch (`second-batch`), or after its
   * last one, before the run finishes (`finish`).
   */
  async function midExtraction(pauseAt: "second-batch" | "finish" = "second-batch") {
    logLines.length = 0;
    const gate = gateExtractions(ctx, { pauseAt });
    const c = await connectDirectly(ctx, { entity: GATED_ENTITY, username: "user_good" });
    await gate.paused;
    // The overlap the tests rely on: data is in the database while the job is still running.
    const counts = await dataRowCounts(ctx, c.connectionId);
    if (pauseAt === "finish")
      for (const table of CONNECTION_DATA_TABLES) expect(counts[table], table).toBeGreaterThan(0);
    else expect(totalRows(counts)).toBeGreaterThan(0);
    expect(await extractionJobs(ctx, c.connectionId)).toEqual([{ state: "active", retries: 0 }]);
    expect(await statusOf(c.connectionId)).toEqual({ status: "PENDING", lastSync: null });
    return { ...c, release: gate.release };
  }
  const statusOf = async (connectionId: string) =>
    (
      await ctx.services.database.db
        .select({ status: connections.status, lastSync: connections.lastSync })
        .from(connections)
        .where(eq(connections.id, connectionId))
    )[0];

  /** Waits for the job to end; then no row of the connection is left, and the job stopped quietly. */
  const expectNoRowsAfterJob = async (connectionId: string) => {
    const jobs = await waitForExtractionJob(ctx, connectionId);
    expect(await dataRowCounts(ctx, connectionId)).toEqual(NO_ROWS);
    // Stopped at its first attempt, without an error (a stale run is not a failure to retry).
    expect(jobs).toEqual([{ state: "completed", retries: 0 }]);
    expect(errorLogs()).toEqual([]);
  };

  it("checks every data table of the schema", () => {
    expect(CONNECTION_DATA_TABLES).toEqual(
      expect.arrayContaining([
        "accounts",
        "transactions",
        "portfolios",
        "investments",
        "positions",
        "portfolio_transactions",
      ]),
    );
  });

  it("delete during the extraction: no row of the connection remains once the job ends, which stops quietly", async () => {
    const c = await midExtraction();
    const res = await ctx.request("DELETE", `/api/v1/commands/connections/${c.connectionToken}`, { token: c.apiToken });
    expect(res.status).toBe(200);
    c.release();
    await expectNoRowsAfterJob(c.connectionId);
  });

  it("revoke by publicToken reuse during the extraction: no row remains once the job ends, and no READY", async () => {
    const c = await midExtraction();
    const reuse = await ctx.request("POST", `/api/v1/commands/connections/exchange/${c.publicToken}`, {
      token: c.apiToken,
    });
    expect(reuse.status).toBe(404);
    c.release();
    await expectNoRowsAfterJob(c.connectionId);
    expect(await webhookTypes(c.connectionId)).toEqual([]);
  });

  it("reset-login during the first extraction: ERRORED with no row once the job ends", async () => {
    const c = await midExtraction();
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${c.connectionToken}/reset-login`, {
      token: c.apiToken,
    });
    expect(reset.status).toBe(200);
    c.release();
    await expectNoRowsAfterJob(c.connectionId);
    const view = await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}`, { token: c.apiToken });
    expect(((await view.json()) as Connection).status).toBe("ERRORED");
    expect(await webhookTypes(c.connectionId)).toEqual(["RESTORE_TOKEN_GENERATED"]);
  });

  it("reset-login after the last batch, before the run finishes: the run sets no READY and sends no CONNECTION_READY", async () => {
    const c = await midExtraction("finish");
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${c.connectionToken}/reset-login`, {
      token: c.apiToken,
    });
    expect(reset.status).toBe(200);
    c.release();
    await expectNoRowsAfterJob(c.connectionId);
    expect(await statusOf(c.connectionId)).toEqual({ status: "ERRORED", lastSync: null });
    expect(await webhookTypes(c.connectionId)).toEqual(["RESTORE_TOKEN_GENERATED"]);
  });

  it("revoke by publicToken reuse after the last batch, before the run finishes: no READY and no CONNECTION_READY", async () => {
    const c = await midExtraction("finish");
    const reuse = await ctx.request("POST", `/api/v1/commands/connections/exchange/${c.publicToken}`, {
      token: c.apiToken,
    });
    expect(reuse.status).toBe(404);
    c.release();
    await expectNoRowsAfterJob(c.connectionId);
    expect(await statusOf(c.connectionId)).toEqual({ status: "PENDING", lastSync: null });
    expect(await webhookTypes(c.connectionId)).toEqual([]);
  });

  it("reusing the spent publicToken of a READY connection erases its extracted data", async () => {
    const c = await connectDirectly(ctx, { entity: "sandbox_broker", username: "user_good" });
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const before = await dataRowCounts(ctx, c.connectionId);
    for (const table of CONNECTION_DATA_TABLES) expect(before[table], table).toBeGreaterThan(0);
    const reuse = await ctx.request("POST", `/api/v1/commands/connections/exchange/${c.publicToken}`, {
      token: c.apiToken,
    });
    expect(reuse.status).toBe(404);
    expect(await dataRowCounts(ctx, c.connectionId)).toEqual(NO_ROWS);
  });
});
