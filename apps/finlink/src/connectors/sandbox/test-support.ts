import { credentialsFor } from "../../testing/credentials";
import type { ChallengeAnswer, Connector, ExtractBatch, ExtractInput, LoginStep } from "../connector";
import type { SandboxData } from "./generate";
import { createSandboxConnector } from "./index";

export const TEST_NOW = new Date("2026-03-15T10:00:00.000Z");
export const DAY_MS = 86_400_000;

/** Runs a whole extraction at `timeScale` 0 and returns its batches. */
export async function extractBatches(
  entityId: string,
  username: string,
  options: Partial<Pick<ExtractInput, "now" | "mode" | "signal">> & { password?: string; timeScale?: number } = {},
): Promise<ExtractBatch[]> {
  const connector = createSandboxConnector({ timeScale: options.timeScale ?? 0 });
  const batches: ExtractBatch[] = [];
  for await (const batch of connector.extract({
    entityId,
    credentials: credentialsFor(connector.entities(), entityId, username, options.password),
    mode: options.mode ?? "initial",
    now: options.now ?? TEST_NOW,
    signal: options.signal ?? new AbortController().signal,
  })) {
    batches.push(batch);
  }
  return batches;
}

/** The batches of one extraction merged back together. */
export function merge(batches: readonly ExtractBatch[]): SandboxData {
  return {
    accounts: batches.flatMap((b) => b.accounts ?? []),
    portfolios: batches.flatMap((b) => b.portfolios ?? []),
    investments: batches.flatMap((b) => b.investments ?? []),
    positions: batches.flatMap((b) => b.positions ?? []),
    transactions: batches.flatMap((b) => b.transactions ?? []),
    portfolioTransactions: batches.flatMap((b) => b.portfolioTransactions ?? []),
  };
}

export async function extractAll(entityId: string, username: string, now = TEST_NOW): Promise<SandboxData> {
  return merge(await extractBatches(entityId, username, { now }));
}

/** Whole cents of a decimal money string, without going through a float. */
export function cents(amount: string): number {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = "00"] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return negative ? -value : value;
}

/** First sign-in step with password `pass_good` unless another is given. */
export function loginAs(
  connector: Connector,
  entityId: string,
  username: string,
  password = "pass_good",
  now = TEST_NOW,
) {
  return connector.login({
    entityId,
    credentials: credentialsFor(connector.entities(), entityId, username, password),
    now,
  });
}

/** Answers as the server would: with the previous step's state after a trip through its JSON storage. */
export function answerStep(
  connector: Connector,
  entityId: string,
  step: LoginStep,
  answer: ChallengeAnswer,
  now = TEST_NOW,
): Promise<LoginStep> {
  const state = JSON.parse(JSON.stringify(step.state ?? null));
  return connector.answer({ entityId, state, answer, now });
}
