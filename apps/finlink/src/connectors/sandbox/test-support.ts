import { Account, Currency, Investment, Portfolio, PortfolioTransaction, Transaction } from "@finlink/contracts";
import { z } from "zod";
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

/**
 * A decimal string as a whole number of `1 / 10^places`, without going through a float; throws when it
 * has more decimals than that (or is not a decimal at all), so a test cannot round one silently.
 */
export function scaled(text: string, places: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  const [, sign = "", whole = "", fraction = ""] = match ?? [];
  if (!match || fraction.length > places)
    throw new Error(`${JSON.stringify(text)} is not a decimal with ≤ ${places} places`);
  const value = Number(whole) * 10 ** places + Number(fraction.padEnd(places, "0"));
  return sign ? -value : value;
}

/** Whole cents of a decimal money string. */
export function cents(amount: string): number {
  return scaled(amount, 2);
}

/** Shares and exchange rates in ten-thousandths: "35.1234" is 351,234. */
export function tenThousandths(text: string): number {
  return scaled(text, 4);
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

const MoneyText = z.string().regex(/^-?\d+\.\d{2}$/, "a decimal with exactly two places");
const QuantityText = z.string().regex(/^\d+(\.\d{1,4})?$/, "a non-negative decimal with at most four places");
const PriceText = z.string().regex(/^\d+(\.\d{1,6})?$/, "a non-negative decimal with at most six places");

/**
 * The API's row schemas as a connector hands rows over: decimals as text where the wire has numbers, no
 * timestamps (the server sets them), and no field the schema does not name.
 */
export const ExtractedRow = {
  account: Account.omit({ createdAt: true, updatedAt: true }).extend({ balance: MoneyText }).strict(),
  portfolio: Portfolio.omit({ createdAt: true, updatedAt: true }).extend({ balance: MoneyText }).strict(),
  transaction: Transaction.extend({ amount: MoneyText }).strict(),
  portfolioTransaction: PortfolioTransaction.extend({ amount: MoneyText, shares: QuantityText }).strict(),
  investment: Investment.strict(),
  position: z.strictObject({
    id: z.string(),
    portfolioId: z.string(),
    investmentId: z.string(),
    titles: QuantityText,
    amount: MoneyText,
    price: PriceText,
    currency: z.literal("EUR"),
    localAmount: MoneyText,
    localPrice: MoneyText,
    localCurrency: Currency,
    exchangeRate: QuantityText,
  }),
};
