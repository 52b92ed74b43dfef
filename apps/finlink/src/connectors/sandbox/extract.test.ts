import { describe, expect, it } from "vitest";
import { credentialsFor } from "../../testing/credentials";
import { ConnectorFailure, type ExtractBatch } from "../connector";
import { dayNumber, isoDate } from "./calendar";
import { createSandboxConnector } from "./index";
import { extractBatches, merge, TEST_NOW } from "./test-support";

function rowsIn(batch: ExtractBatch): number[] {
  return Object.values(batch).map((rows: unknown[]) => rows.length);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the extraction to fail");
}

describe("extract", () => {
  it("yields accounts first, then transactions in batches", async () => {
    const batches = await extractBatches("sandbox_bank", "user_good");
    expect(batches[0]?.accounts?.length).toBe(3);
    expect(batches.slice(1).every((b) => b.accounts === undefined)).toBe(true);
    expect(merge(batches).transactions.length).toBeGreaterThan(100);
  });

  it("yields at least 50,000 transactions over five years for user_big, at most 1,000 a batch, quickly", async () => {
    const started = performance.now();
    const batches = await extractBatches("sandbox_bank", "user_big");
    const elapsed = performance.now() - started;
    const { transactions } = merge(batches);
    expect(transactions.length).toBeGreaterThanOrEqual(50_000);
    expect(batches.every((b) => rowsIn(b).every((n) => n <= 1_000))).toBe(true);
    const [oldest = ""] = transactions.map((t) => t.date).sort();
    expect(oldest <= isoDate(dayNumber(TEST_NOW) - 5 * 365)).toBe(true);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("gives the event loop a turn before each batch even at time scale 0, so a big extraction starves nobody", async () => {
    const connector = createSandboxConnector({ timeScale: 0 });
    const entityId = "sandbox_bank";
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    const turnsAtBatch: number[] = [];
    const extraction = connector.extract({
      entityId,
      credentials: credentialsFor(connector.entities(), entityId, "user_good"),
      mode: "initial",
      now: TEST_NOW,
      signal: new AbortController().signal,
    });
    setImmediate(turn);
    for await (const _batch of extraction) turnsAtBatch.push(turns);
    running = false;
    expect(turnsAtBatch.length).toBeGreaterThan(1);
    // Each batch comes after at least one more turn of the loop than the one before it.
    for (let i = 1; i < turnsAtBatch.length; i++) expect(turnsAtBatch[i]).toBeGreaterThan(turnsAtBatch[i - 1] ?? 0);
  });

  it("spreads user_slow over many batches, and stops with the abort reason when aborted", async () => {
    expect((await extractBatches("sandbox_bank", "user_slow")).length).toBeGreaterThan(10);

    const controller = new AbortController();
    const connector = createSandboxConnector({ timeScale: 0.01 });
    const credentials = { username: "user_slow", password: "pass_good" };
    const run = connector.extract({
      entityId: "sandbox_bank",
      credentials,
      mode: "initial",
      now: TEST_NOW,
      signal: controller.signal,
    });
    const iterator = run[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const reason = new Error("shutting down");
    const pending = iterator.next();
    const aborted = performance.now();
    controller.abort(reason);
    expect(await failureOf(pending)).toBe(reason);
    expect(performance.now() - aborted).toBeLessThan(100);
  });

  it("refuses to start with a signal that is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    expect(await failureOf(extractBatches("sandbox_bank", "user_good", { signal: controller.signal }))).toMatchObject({
      message: "too late",
    });
  });

  it("takes the user's artificial time, scaled", async () => {
    const started = performance.now();
    await extractBatches("sandbox_bank", "user_good", { timeScale: 0.01 });
    // 2 s × 0.01 = 20 ms, spread over the batches; a little slack for timer rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it.each(["initial", "update"] as const)("fails user_extract_error's %s extraction before any batch", async (mode) => {
    const batches: ExtractBatch[] = [];
    const connector = createSandboxConnector({ timeScale: 0 });
    const credentials = { username: "user_extract_error", password: "pass_good" };
    const run = async () => {
      const signal = new AbortController().signal;
      for await (const batch of connector.extract({
        entityId: "sandbox_bank",
        credentials,
        mode,
        now: TEST_NOW,
        signal,
      })) {
        batches.push(batch);
      }
    };
    const error = await failureOf(run());
    expect(error).toBeInstanceOf(ConnectorFailure);
    expect((error as ConnectorFailure).error).toEqual({
      reason: "ENTITY_UNAVAILABLE",
      type: "ENTITY_ERROR",
      retryable: true,
    });
    expect(batches).toEqual([]);
  });

  it("extracts user_update_error once, then fails every update", async () => {
    expect(merge(await extractBatches("sandbox_bank", "user_update_error")).transactions.length).toBeGreaterThan(0);
    const error = await failureOf(extractBatches("sandbox_bank", "user_update_error", { mode: "update" }));
    expect(error).toBeInstanceOf(ConnectorFailure);
    expect((error as ConnectorFailure).error.reason).toBe("ENTITY_UNAVAILABLE");
  });

  it.each([
    ["a changed password", "sandbox_bank", "user_good", "changed", "INVALID_CREDENTIALS"],
    ["a locked account", "sandbox_bank", "user_locked", "pass_good", "ACCOUNT_LOCKED"],
    ["an unavailable entity", "sandbox_bank_down", "user_good", "pass_good", "ENTITY_UNAVAILABLE"],
  ])("fails with %s", async (_, entityId, username, password, reason) => {
    const error = await failureOf(extractBatches(entityId, username, { password }));
    expect(error).toBeInstanceOf(ConnectorFailure);
    expect((error as ConnectorFailure).error.reason).toBe(reason);
  });

  it("yields portfolios, investments and positions for a broker before any transaction", async () => {
    const [first, ...rest] = await extractBatches("sandbox_broker", "user_good");
    expect(first?.portfolios?.length).toBe(3);
    // 13 lines, plus the rights of every half-yearly scrip dividend since January 2019 (15 up to TEST_NOW).
    expect(first?.investments?.length).toBe(28);
    expect(first?.positions?.length).toBeGreaterThan(0);
    expect(rest.some((b) => (b.portfolioTransactions?.length ?? 0) > 0)).toBe(true);
  });
});
