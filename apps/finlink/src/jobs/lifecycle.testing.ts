import type { ErrorDetails } from "@finlink/contracts";
import { getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import { type Connector, ConnectorFailure } from "../connectors/connector";
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

/** What the test sees of a gated extraction: when it pauses, and the gate to go on. */
export interface Gate {
  /** Resolves once the extraction waits at its pause, everything before it stored. */
  paused: Promise<void>;
  /** Lets the extraction go on (or fail, with `failWith`). */
  release(): void;
}

export interface GateOptions {
  /**
   * Where the extraction waits: `second-batch` (default) once its first batch is stored and before the
   * next; `finish` once its last batch is stored and before the run finishes.
   */
  pauseAt?: "second-batch" | "finish";
  /** Once released, the extraction fails with this entity refusal instead of going on. */
  failWith?: ErrorDetails;
}

/**
 * Registers, on this server, an entity whose extraction (the sandbox broker's `user_good` data, every data
 * table) pauses where `options` says and waits for the test to release it: the test acts inside a running
 * job without relying on timing. Each call makes a new gate for the extractions that start after it.
 */
export function gateExtractions(ctx: TestContext, options: GateOptions = {}): Gate {
  const sandbox = createSandboxConnector({ timeScale: ctx.config.sandbox.timeScale });
  const broker = sandbox.entities().find((e) => e.id === "sandbox_broker");
  if (!broker) throw new Error("the sandbox has no broker");
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let pause = () => {};
  const paused = new Promise<void>((resolve) => {
    pause = resolve;
  });
  const waitAtGate = async () => {
    pause();
    await released;
    if (options.failWith) throw new ConnectorFailure(options.failWith);
  };
  const pauseAt = options.pauseAt ?? "second-batch";
  const gated: Connector = {
    entities: () => [{ ...broker, id: GATED_ENTITY, name: "Gated test broker" }],
    login: (input) => sandbox.login({ ...input, entityId: "sandbox_broker" }),
    answer: (input) => sandbox.answer({ ...input, entityId: "sandbox_broker" }),
    async *extract(input) {
      let yielded = 0;
      // The server asks for the next batch only after storing the one before: code after a `yield` runs
      // once that batch is in the database.
      for await (const batch of sandbox.extract({ ...input, entityId: "sandbox_broker" })) {
        if (yielded === 1 && pauseAt === "second-batch") await waitAtGate();
        yield batch;
        yielded++;
      }
      if (yielded < 2) throw new Error(`the gated extraction needs two batches, the sandbox gave ${yielded}`);
      if (pauseAt === "finish") await waitAtGate();
    },
  };
  ctx.services.connectors = new ConnectorRegistry([sandbox, gated]);
  return { paused, release };
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
