import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeServices, createServices, type Services } from "../services";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { throttle, WAKE_CHANNEL } from "./wake-channel";
import { startWorkers } from "./workers";

describe("throttle (announcements and wake-ups)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("calls at once, folds the calls within the interval into one at its end, and drops none", () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const throttled = throttle(() => calls.push(Date.now()), 20);
    const start = Date.now();
    throttled();
    expect(calls).toHaveLength(1);
    for (let i = 0; i < 10; i++) throttled();
    vi.advanceTimersByTime(19);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(calls.map((t) => t - start)).toEqual([0, 20]);
    // Quiet for an interval: the next call goes at once again.
    vi.advanceTimersByTime(40);
    throttled();
    expect(calls.map((t) => t - start)).toEqual([0, 20, 60]);
    vi.advanceTimersByTime(100);
    expect(calls).toHaveLength(3);
  });
});

const postgres = testBackends().find(([name]) => name === "postgres")?.[1];

// Breaks: a job committed by one process waited for another process's next poll (pg-boss 10 wakes only
// its own workers): 2 s of every state change → webhook with separate worker processes.
describe.skipIf(!postgres)("the wake channel (an API process and a worker process on one PostgreSQL database)", () => {
  let api: TestContext;
  let worker: Services;
  beforeAll(async () => {
    // No webhook URL: a failed delivery's retry would wake the worker's workers (wakeLater) at times of its own.
    api = await createTestContext({ ...(postgres ? { backend: postgres } : {}), workers: false, webhookUrl: null });
    worker = await createServices(api.config, { supervise: true, logger: pino({ level: "silent" }) });
    // Polling every 30 s: an extraction done within seconds was woken, not polled.
    await startWorkers(worker, { pollingIntervalSeconds: 30 });
    // The worker's first fetches (at start) are over.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
  afterAll(async () => {
    if (worker) await closeServices(worker);
    await api?.close();
  });

  const connectAndTime = async (username: string) => {
    const started = Date.now();
    const { apiToken, connectionToken } = await connectDirectly(api, { entity: "sandbox_bank", username });
    await waitForStatus(api, apiToken, connectionToken, ["READY"], 10_000);
    return Date.now() - started;
  };

  it("a connection made through the API process is extracted by the worker process at once, not at its next poll", async () => {
    expect(await connectAndTime("user_good")).toBeLessThan(5_000);
  });

  it("after the listening connection is killed, the channel comes back by itself and wakes the worker again", async () => {
    const killed = await api.services.database.sql.query<{ n: number }>(
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where query ilike $1 and datname = current_database()",
      [`listen ${WAKE_CHANNEL}`],
    );
    expect(killed.rows[0]?.n).toBe(1);
    // Back within its first retry (0.5 s), listening again.
    let listening = 0;
    for (const until = Date.now() + 5_000; listening === 0 && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await api.services.database.sql.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where query ilike $1 and datname = current_database()",
        [`listen ${WAKE_CHANNEL}`],
      );
      listening = rows[0]?.n ?? 0;
    }
    expect(listening).toBe(1);
    expect(await connectAndTime("user_good")).toBeLessThan(5_000);
  });
});
