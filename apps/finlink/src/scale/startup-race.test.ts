import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config";
import { createTemporaryDatabase } from "../testing/test-database";
import { type FinlinkProcess, startFinlink } from "./processes.testing";

const serverUrl = testDatabaseUrl();

// Breaks: processes started together on an empty database raced through queue creation (pg-boss's
// create_queue attaches a partition: "deadlock detected") and the first keys and sandbox app.
describe.skipIf(!serverUrl)(
  "two API and two worker processes started at the same moment on an empty PostgreSQL database",
  () => {
    const processes: FinlinkProcess[] = [];
    let drop = async () => {};
    afterAll(async () => {
      for (const p of processes) p.kill();
      await Promise.all(processes.map((p) => p.exited));
      await drop();
    });

    it("all start cleanly, with one set of keys, one sandbox app and the queues", async () => {
      const temporary = await createTemporaryDatabase(serverUrl ?? "");
      drop = temporary.drop;
      const env = { DATABASE_URL: temporary.url, FINLINK_PORT: "0", FINLINK_IN_PROCESS_WORKER: "false" };
      processes.push(
        startFinlink(["start"], env),
        startFinlink(["start"], env),
        startFinlink(["worker"], env),
        startFinlink(["worker"], env),
      );
      const [apiA, apiB, workerA, workerB] = processes as [
        FinlinkProcess,
        FinlinkProcess,
        FinlinkProcess,
        FinlinkProcess,
      ];
      await Promise.all([
        apiA.waitFor("Finlink listening"),
        apiB.waitFor("Finlink listening"),
        workerA.waitFor("workers started"),
        workerB.waitFor("workers started"),
      ]);
      for (const p of processes) expect(p.errors.join("")).not.toMatch(/deadlock|error/i);

      const client = new pg.Client({ connectionString: temporary.url });
      await client.connect();
      try {
        const keys = await client.query("select purpose, count(*)::int as n from signing_keys group by 1 order by 1");
        expect(keys.rows).toEqual([
          { purpose: "api", n: 1 },
          { purpose: "webhook", n: 1 },
        ]);
        expect((await client.query("select count(*)::int as n from apps")).rows).toEqual([{ n: 1 }]);
        const queues = await client.query("select name from pgboss.queue order by name");
        expect(queues.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["extract", "webhook"]));
      } finally {
        await client.end();
      }
      // Each API answers.
      for (const api of [apiA, apiB]) {
        const line = await api.waitFor("Finlink listening");
        const res = await fetch(`http://127.0.0.1:${line.port}/api/v1/openapi.json`);
        expect(res.status).toBe(200);
      }
    }, 120_000);
  },
);
