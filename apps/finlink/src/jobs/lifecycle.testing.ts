import { getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import type { Connector } from "../connectors/connector";
import { ConnectorRegistry } from "../connectors/registry";
import { createSandboxConnector } from "../connectors/sandbox";
import * as schema from "../db/schema";
import type { TestContext } from "../testing/test-context";

export const GATED_ENTITY = "test_gated_broker";

/**
 * Every table whose rows belong to a connection (a foreign key to `connections`), read from the schema
 * so that a table added later is checked without anyone remembering to list it.
 */
export const CONNECTION_DATA_TABLES: string[] = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .filter((table) => getTableConfig(table).foreignKeys.some((fk) => fk.reference().foreignTable === schema.connections))
  .map((table) => getTableName(table));

/** Rows of the connection in each data table, by table name. */
export async function dataRowCounts(ctx: TestContext, connectionId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONNECTION_DATA_TABLES) {
    const { rows } = await ctx.services.database.sql.query<{ n: number }>(
      `select count(*)::int as n from "${table}" where connection_id = $1`,
      [connectionId],
    );
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

export const totalRows = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** What the test sees of a gated extraction: when its first batch is stored, and the gate to the rest. */
export interface Gate {
  /** Resolves when the server asks for the second batch, i.e. once it has stored the first. */
  firstBatchStored: Promise<void>;
  /** Lets the extraction go on to its remaining batches. */
  release(): void;
}

/**
 * Registers, on this server, an entity whose extraction (the sandbox broker's `user_good` data, every data
 * table) yields its first batch and then waits for the test to release it: the test acts between two
 * batches of a running job without relying on timing.
 */
export function gateExtractions(ctx: TestContext): Gate {
  const sandbox = createSandboxConnector({ timeScale: ctx.config.sandbox.timeScale });
  const broker = sandbox.entities().find((e) => e.id === "sandbox_broker");
  if (!broker) throw new Error("the sandbox has no broker");
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let firstStored = () => {};
  const firstBatchStored = new Promise<void>((resolve) => {
    firstStored = resolve;
  });
  const gated: Connector = {
    entities: () => [{ ...broker, id: GATED_ENTITY, name: "Gated test broker" }],
    login: (input) => sandbox.login({ ...input, entityId: "sandbox_broker" }),
    answer: (input) => sandbox.answer({ ...input, entityId: "sandbox_broker" }),
    async *extract(input) {
      let first = true;
      for await (const batch of sandbox.extract({ ...input, entityId: "sandbox_broker" })) {
        if (!first) await released;
        yield batch;
        if (first) firstStored();
        first = false;
      }
    },
  };
  ctx.services.connectors = new ConnectorRegistry([sandbox, gated]);
  return { firstBatchStored, release };
}

/** The connection's extraction jobs in pg-boss: state and retries of each. */
export async function extractionJobs(ctx: TestContext, connectionId: string) {
  const { rows } = await ctx.services.database.sql.query<{ state: string; retries: number }>(
    "select state, retry_count as retries from pgboss.job where name = 'extract' and data->>'connectionId' = $1",
    [connectionId],
  );
  return rows;
}

/** Waits until the connection's extraction jobs have all left `created`/`active`; answers them. */
export async function waitForExtractionJob(ctx: TestContext, connectionId: string) {
  await expect
    .poll(
      async () => {
        const jobs = await extractionJobs(ctx, connectionId);
        return jobs.length > 0 && jobs.every((job) => job.state !== "created" && job.state !== "active");
      },
      { timeout: 15_000, interval: 20 },
    )
    .toBe(true);
  return extractionJobs(ctx, connectionId);
}
