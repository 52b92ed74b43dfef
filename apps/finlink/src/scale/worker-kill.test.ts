import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config";
import { createTemporaryDatabase } from "../testing/test-database";
import { answer, type Receiver, startReceiver } from "../testing/webhook-receiver";
import { type FinlinkProcess, sandboxToken, startFinlink, until } from "./processes.testing";

const serverUrl = testDatabaseUrl();

// SIGKILL of a `finlink worker` (no shutdown of any kind) in the middle of its work: the job comes back
// once it expires (the queue's expiry, shortened here, and maintenance every second), another worker
// finishes it, no row is stored twice and no webhook is lost.
describe.skipIf(!serverUrl)("a worker process killed in the middle of its work, on PostgreSQL", () => {
  const processes: FinlinkProcess[] = [];
  let receiver: Receiver;
  let client: pg.Client;
  let drop = async () => {};
  let api = "";
  let token = "";
  let env: Record<string, string> = {};

  beforeAll(async () => {
    receiver = await startReceiver();
    const temporary = await createTemporaryDatabase(serverUrl ?? "");
    drop = temporary.drop;
    env = {
      DATABASE_URL: temporary.url,
      FINLINK_SANDBOX_WEBHOOK_URL: receiver.url,
      // user_slow's 60 s extraction in 6 s, in batches of 10 rows: a kill lands in the middle of it.
      FINLINK_SANDBOX_TIME_SCALE: "0.1",
      FINLINK_QUEUE_MAINTENANCE_SECONDS: "1",
      FINLINK_EXTRACT_EXPIRE_SECONDS: "10",
      FINLINK_WEBHOOK_TIMEOUT_SECONDS: "2",
      FINLINK_WEBHOOK_EXPIRE_SECONDS: "4",
    };
    const server = startFinlink(["start"], { ...env, FINLINK_PORT: "0", FINLINK_IN_PROCESS_WORKER: "false" });
    processes.push(server);
    api = `http://127.0.0.1:${(await server.waitFor("Finlink listening")).port}`;
    client = new pg.Client({ connectionString: temporary.url });
    await client.connect();
    token = await sandboxToken(api);
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.exited));
    await client?.end();
    await receiver?.close();
    await drop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const connect = async (username: string) => {
    const { publicToken } = await call("POST", "/api/v1/sandbox/public-token", { entity: "sandbox_bank", username });
    return call("POST", `/api/v1/commands/connections/exchange/${publicToken}`) as Promise<{
      connectionToken: string;
      connectionId: string;
    }>;
  };
  const worker = () => {
    const p = startFinlink(["worker"], env);
    processes.push(p);
    return p;
  };
  const rows = async (connectionId: string) =>
    Number(
      (await client.query("select count(*) from transactions where connection_id = $1", [connectionId])).rows[0]?.count,
    );
  const events = async (connectionId: string) =>
    (
      await client.query(
        "select id, type, delivery_state from webhook_events where connection_id = $1 order by created_at",
        [connectionId],
      )
    ).rows as { id: string; type: string; delivery_state: string }[];
  const status = async (connectionToken: string) =>
    (await call("GET", `/api/v1/queries/connections/${connectionToken}`)).status;

  it("kills it during an extraction: another worker finishes it, every row once, one CONNECTION_READY delivered", async () => {
    const first = worker();
    await first.waitFor("workers started");
    const killed = await connect("user_slow");
    const storedAtKill = await until("a stored batch", async () => {
      const n = await rows(killed.connectionId);
      return n > 0 && n;
    });
    first.kill();
    await first.exited;
    expect(await status(killed.connectionToken)).toBe("PENDING");
    const second = worker();
    await second.waitFor("workers started");
    await until("READY", async () => (await status(killed.connectionToken)) === "READY", { timeoutMs: 90_000 });

    // The same user connected again without a kill: the same rows.
    const clean = await connect("user_slow");
    await until("READY", async () => (await status(clean.connectionToken)) === "READY", { timeoutMs: 90_000 });
    const total = await rows(clean.connectionId);
    expect(storedAtKill).toBeLessThan(total);
    expect(await rows(killed.connectionId)).toBe(total);
    const ids = await client.query("select count(distinct id) as n from transactions where connection_id = $1", [
      killed.connectionId,
    ]);
    expect(Number(ids.rows[0]?.n)).toBe(total);

    const [ready, ...others] = await events(killed.connectionId);
    expect(others).toEqual([]);
    expect(ready?.type).toBe("CONNECTION_READY");
    await until("delivered", async () => (await events(killed.connectionId))[0]?.delivery_state === "DELIVERED");
    expect(receiver.bodies().filter((b) => b.webhookId === ready?.id).length).toBeGreaterThanOrEqual(1);
  }, 180_000);

  it("kills it during a delivery: the event is sent again with the same webhookId and delivered", async () => {
    const target = await connect("user_good");
    await until("READY", async () => (await status(target.connectionToken)) === "READY");
    await until(
      "its webhook delivered",
      async () => (await events(target.connectionId))[0]?.delivery_state === "DELIVERED",
    );
    const busy = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null).slice(1);
    // Only one worker runs from here: the one to kill.
    for (const p of busy) p.kill();
    await Promise.all(busy.map((p) => p.exited));
    const victim = worker();
    await victim.waitFor("workers started");
    let requests = 0;
    receiver.behave((req, res, received) => {
      requests++;
      // The first attempt arrives: the worker dies before the answer and before it records anything.
      if (requests === 1) victim.kill();
      else answer(200)(req, res, received);
    });
    const { webhookId } = await call("POST", `/api/v1/sandbox/connections/${target.connectionToken}/fire-webhook`, {
      type: "CONNECTION_UPDATED",
    });
    await until("the first attempt", async () => requests >= 1);
    await victim.exited;
    const state = async () =>
      (await client.query("select delivery_state from webhook_events where id = $1", [webhookId])).rows[0]
        ?.delivery_state;
    expect(await state()).toBe("PENDING");
    const rescuer = worker();
    await rescuer.waitFor("workers started");
    await until("delivered by the other worker", async () => (await state()) === "DELIVERED", { timeoutMs: 60_000 });
    const deliveries = receiver.bodies().filter((b) => b.webhookId === webhookId);
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    const attempts = await client.query("select status_code from webhook_attempts where event_id = $1", [webhookId]);
    expect(attempts.rows).toEqual([{ status_code: 200 }]);
  }, 120_000);
});
