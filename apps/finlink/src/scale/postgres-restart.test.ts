import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config";
import { type Receiver, startReceiver } from "../testing/webhook-receiver";
import { postgresBin, startPrivatePostgres } from "./private-postgres.testing";
import { type FinlinkProcess, sandboxToken, startFinlink, until } from "./processes.testing";

// Runs with the PostgreSQL tests (DATABASE_URL set) on a server of its own, which it restarts.
const enabled = Boolean(testDatabaseUrl() && postgresBin());

describe.skipIf(!enabled)("PostgreSQL restarted under load", () => {
  let postgres: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let receiver: Receiver;
  const processes: FinlinkProcess[] = [];
  let api = "";
  let token = "";

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    receiver = await startReceiver();
    const env = {
      DATABASE_URL: postgres.url,
      FINLINK_SANDBOX_WEBHOOK_URL: receiver.url,
      FINLINK_SANDBOX_TIME_SCALE: "0.1",
      FINLINK_QUEUE_MAINTENANCE_SECONDS: "1",
      FINLINK_EXTRACT_EXPIRE_SECONDS: "20",
    };
    const server = startFinlink(["start"], { ...env, FINLINK_PORT: "0", FINLINK_IN_PROCESS_WORKER: "false" });
    const worker = startFinlink(["worker"], env);
    processes.push(server, worker);
    api = `http://127.0.0.1:${(await server.waitFor("Finlink listening")).port}`;
    await worker.waitFor("workers started");
    token = await sandboxToken(api);
  }, 90_000);
  afterAll(async () => {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.exited));
    await receiver?.close();
    postgres?.stop();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async (res: Response) => (await res.json()) as Record<string, string>;

  it("answers 503 problem+json while it is away, reconnects by itself, and loses no committed event or extraction", async () => {
    const { publicToken } = await json(
      await call("POST", "/api/v1/sandbox/public-token", { entity: "sandbox_bank", username: "user_good" }),
    );
    const { connectionToken } = await json(await call("POST", `/api/v1/commands/connections/exchange/${publicToken}`));
    const statusOf = async (t: string) => (await json(await call("GET", `/api/v1/queries/connections/${t}`))).status;
    await until("READY", async () => (await statusOf(connectionToken ?? "")) === "READY", { tolerateErrors: true });
    // An extraction that the restart cuts in the middle (user_slow: 6 s here).
    const slow = await json(
      await call("POST", "/api/v1/sandbox/public-token", { entity: "sandbox_bank", username: "user_slow" }),
    );
    const { connectionToken: slowToken } = await json(
      await call("POST", `/api/v1/commands/connections/exchange/${slow.publicToken}`),
    );

    // Load: status reads and webhook-producing writes, 4 at a time, until told to stop.
    const answers: { status: number; type: string | null; reason?: string; retryAfter: string | null }[] = [];
    const committed: string[] = [];
    let running = true;
    const load = Array.from({ length: 4 }, async (_, i) => {
      while (running) {
        const res = await (i % 2 === 0
          ? call("GET", `/api/v1/queries/connections/${connectionToken}`)
          : call("POST", `/api/v1/sandbox/connections/${connectionToken}/fire-webhook`, { type: "CONNECTION_UPDATED" })
        ).catch(() => undefined);
        if (!res) continue;
        const body = (await res.json().catch(() => ({}))) as { reason?: string; webhookId?: string };
        answers.push({
          status: res.status,
          type: res.headers.get("content-type"),
          ...(body.reason ? { reason: body.reason } : {}),
          retryAfter: res.headers.get("retry-after"),
        });
        if (res.ok && body.webhookId) committed.push(body.webhookId);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await postgres.restart();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Back: both kinds of request succeed again without restarting anything.
    await until(
      "reads again",
      async () => (await call("GET", `/api/v1/queries/connections/${connectionToken}`)).status === 200,
      { timeoutMs: 30_000, tolerateErrors: true },
    );
    const before = committed.length;
    await until("writes again", async () => committed.length > before, { timeoutMs: 30_000, tolerateErrors: true });
    running = false;
    await Promise.all(load);

    const failures = answers.filter((a) => a.status >= 300);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({ status: 503, reason: "DATABASE_UNAVAILABLE", retryAfter: "1" });
      expect(failure.type).toContain("application/problem+json");
    }
    // Every event whose change was answered 200 arrives; the cut extraction ends READY.
    await until(
      "every committed event delivered",
      async () => {
        const got = new Set(receiver.bodies().map((b) => b.webhookId));
        return committed.every((id) => got.has(id));
      },
      { timeoutMs: 90_000, tolerateErrors: true },
    );
    expect(committed.length).toBeGreaterThan(10);
    await until("the cut extraction READY", async () => (await statusOf(slowToken ?? "")) === "READY", {
      timeoutMs: 90_000,
      tolerateErrors: true,
    });
    for (const p of processes) expect(p.child.exitCode).toBeNull();
  }, 240_000);
});
