import type { Connection, ErrorDetails } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus, webhookTypesOf } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import {
  CONNECTION_DATA_TABLES,
  dataRowCounts,
  GATED_ENTITY,
  gateExtractions,
  totalRows,
  waitForExtractionJob,
} from "./lifecycle.testing";

const REFUSAL: ErrorDetails = { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true };

describe.each(testBackends())("an extraction the entity refuses after a stored batch, on %s", (_name, backend) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
  });
  afterAll(() => ctx.close());

  const webhookTypes = (connectionId: string) => webhookTypesOf(ctx, connectionId);
  const statusOf = async (c: { apiToken: string; connectionToken: string }) =>
    (await (
      await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}`, { token: c.apiToken })
    ).json()) as Connection;

  it("a first extraction failing after its first batch ends ERRORED with no row in any data table", async () => {
    const gate = gateExtractions(ctx, { failWith: REFUSAL });
    const c = await connectDirectly(ctx, { entity: GATED_ENTITY, username: "user_good" });
    await gate.paused;
    // The overlap the test relies on: the failing run has stored rows before it fails.
    expect(totalRows(await dataRowCounts(ctx, c.connectionId))).toBeGreaterThan(0);
    gate.release();
    await waitForExtractionJob(ctx, c.connectionId);
    expect(await statusOf(c)).toMatchObject({ status: "ERRORED", errorDetails: REFUSAL });
    expect(await dataRowCounts(ctx, c.connectionId)).toEqual(
      Object.fromEntries(CONNECTION_DATA_TABLES.map((table) => [table, 0])),
    );
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_ERRORED"]);
  });

  it("an update failing after its first batch ends UPDATE_ERROR and keeps the older data", async () => {
    gateExtractions(ctx).release();
    const c = await connectDirectly(ctx, { entity: GATED_ENTITY, username: "user_good" });
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const before = await dataRowCounts(ctx, c.connectionId);
    for (const table of CONNECTION_DATA_TABLES) expect(before[table], table).toBeGreaterThan(0);

    const gate = gateExtractions(ctx, { failWith: REFUSAL });
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
      token: c.apiToken,
    });
    expect(refresh.status).toBe(202);
    await gate.paused;
    expect((await statusOf(c)).status).toBe("UPDATING");
    gate.release();
    await waitForExtractionJob(ctx, c.connectionId);
    expect(await statusOf(c)).toMatchObject({ status: "UPDATE_ERROR", errorDetails: REFUSAL });
    expect(await dataRowCounts(ctx, c.connectionId)).toEqual(before);
    expect(await webhookTypes(c.connectionId)).toEqual(["CONNECTION_READY", "CONNECTION_UPDATE_ERROR"]);
  });
});
