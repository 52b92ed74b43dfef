import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config";
import { createTemporaryDatabase } from "../testing/test-database";
import { type FinlinkProcess, sandboxToken, startFinlink, until } from "./processes.testing";

const serverUrl = testDatabaseUrl();
const MINUTE_MS = 60_000;
/**
 * From a schedule falling due to its handler's log line: pg-boss's check (1 s here), its send-it worker's
 * poll (1 s), our worker's poll (2 s), with room for three processes on two cores. A run logged after a
 * minute boundary is that minute's only if its minute's job was sent at least this long before.
 */
const RUN_LATENCY_MS = 10_000;
/** After the first run of the minute, how long a second one (another process's) would take to show. */
const SETTLE_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

describe("a cron pg-boss would refuse", () => {
  it("stops the process at start with the variable's name", async () => {
    const worker = startFinlink(["worker"], { FINLINK_DAILY_UPDATE_CRON: "0 3 * *" });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.errors.join("")).toContain('FINLINK_DAILY_UPDATE_CRON: "0 3 * *" must be five fields');
  }, 30_000);
});

// Breaks: every supervising process running the daily update and housekeeping on its own clock (its own
// pg-boss schema, a local timer, a check that is not shared): three processes updated every connection
// three times a day and ran housekeeping three times an hour.
describe.skipIf(!serverUrl)("three supervising processes on one PostgreSQL database, both crons every minute", () => {
  const processes: FinlinkProcess[] = [];
  let drop = async () => {};
  let client: pg.Client | undefined;
  afterAll(async () => {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.exited));
    await client?.end();
    await drop();
  });

  it("run the daily update and housekeeping once a minute between them, updating a connection once", async () => {
    const temporary = await createTemporaryDatabase(serverUrl ?? "");
    drop = temporary.drop;
    const env = {
      DATABASE_URL: temporary.url,
      FINLINK_PORT: "0",
      FINLINK_SANDBOX_WEBHOOK_URL: "",
      FINLINK_SANDBOX_TIME_SCALE: "0",
      FINLINK_DAILY_UPDATE_CRON: "* * * * *",
      FINLINK_HOUSEKEEPING_CRON: "* * * * *",
      FINLINK_CRON_CHECK_SECONDS: "1",
    };
    // The API process runs workers (and so the clock) in-process too: the two ways a process supervises.
    processes.push(startFinlink(["start"], env), startFinlink(["worker"], env), startFinlink(["worker"], env));
    const [api] = processes as [FinlinkProcess, FinlinkProcess, FinlinkProcess];
    await Promise.all(processes.map((p) => p.waitFor("workers started")));
    const base = `http://127.0.0.1:${(await api.waitFor("Finlink listening")).port}`;

    // One connection the daily update can start: exchanged, READY, no second factor.
    const token = await sandboxToken(base);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, string>;
    };
    const { publicToken } = await call("POST", "/api/v1/sandbox/public-token", {
      entity: "sandbox_bank",
      username: "user_good",
    });
    const { connectionId } = await call("POST", `/api/v1/commands/connections/exchange/${publicToken}`);
    client = new pg.Client({ connectionString: temporary.url });
    await client.connect();
    const db = client;
    // Its runs so far; READY again once an update (the current minute's run may have started one) is over.
    const readyRuns = () =>
      until(`connection READY`, async () => {
        const { rows } = await db.query("select status, sync_run from connections where id = $1", [connectionId]);
        return rows[0]?.status === "READY" && (rows[0].sync_run as number);
      });
    await readyRuns();

    // Every run of an earlier minute is logged before this boundary: the processes were up, and so had
    // sent each earlier minute's jobs, at least RUN_LATENCY_MS before it.
    const boundary = Math.ceil((Date.now() + RUN_LATENCY_MS) / MINUTE_MS) * MINUTE_MS;
    await sleep(boundary - 3_000 - Date.now());
    const runsBefore = await readyRuns();
    const since = (msg: string) =>
      processes.flatMap((p) => p.lines.filter((l) => l.msg === msg && (l.time as number) >= boundary));
    await until("the minute's daily update and housekeeping", async () =>
      Boolean(since("daily update").length && since("housekeeping").length),
    );
    await sleep(SETTLE_MS);

    const dailyUpdates = since("daily update");
    expect(dailyUpdates).toEqual([expect.objectContaining({ started: 1, updateTokens: 0 })]);
    expect(since("housekeeping")).toHaveLength(1);
    expect((await readyRuns()) - runsBefore).toBe(1);
    for (const p of processes) expect(p.lines.filter((l) => l.msg === "pg-boss error")).toEqual([]);
  }, 150_000);
});
