import type {
  ExtractedAccount,
  ExtractedInvestment,
  ExtractedPortfolio,
  ExtractedPortfolioTransaction,
  ExtractedPosition,
  ExtractedTransaction,
} from "../connector";
import { dayInfo, dayNumber } from "./calendar";
import type { SandboxEntity } from "./entities";
import { createHousehold } from "./generate-bank";
import { createBroker } from "./generate-broker";
import { Ledger } from "./ledger";
import { formatCents } from "./money";
import { buildProfile } from "./profile";
import { createRng, seedFrom } from "./random";

/**
 * Where every simulation starts. Balances are carried from here, so the balance an extraction reports
 * today and the one it reports next week differ by exactly the transactions in between.
 */
export const SIMULATION_EPOCH_DAY = Date.UTC(2019, 0, 1) / 86_400_000;

export interface SandboxData {
  accounts: ExtractedAccount[];
  portfolios: ExtractedPortfolio[];
  investments: ExtractedInvestment[];
  positions: ExtractedPosition[];
  transactions: ExtractedTransaction[];
  portfolioTransactions: ExtractedPortfolioTransaction[];
}

export interface GenerateInput {
  sandbox: SandboxEntity;
  username: string;
  now: Date;
  /** How many days before today the bank shows. */
  historyDays: number;
  activity: number;
  /** Some accounts are shared with, or belong to, a second person (`user_joint`). */
  coHolder?: boolean;
}

/**
 * Everything an extraction returns, the same for the same input. Days are simulated one by one from the
 * epoch (or earlier, for a history that reaches further back) up to yesterday, UTC: today is not over, so
 * its movements are not booked yet. Only the last `historyDays` days are reported.
 */
export function generateData(input: GenerateInput): SandboxData {
  const { sandbox, username, historyDays, activity } = input;
  const entityId = sandbox.entity.id;
  const today = dayNumber(input.now);
  if (!Number.isFinite(today)) throw new RangeError("`now` is not a valid date");
  const firstVisibleDay = today - historyDays;
  const firstDay = Math.min(SIMULATION_EPOCH_DAY, firstVisibleDay);
  const seed = seedFrom("days", entityId, username);

  const profile = buildProfile(sandbox, username, activity, input.coHolder);
  const ledger = new Ledger({ entityId, username, firstVisibleDay }, profile.accounts);
  const household = createHousehold(profile.household, ledger);
  const broker =
    profile.portfolios &&
    createBroker(
      { entityId, username, portfolios: profile.portfolios, openDay: firstDay },
      ledger,
      createRng(seedFrom("broker", entityId, username)),
    );

  for (let day = firstDay; day < today; day++) {
    const info = dayInfo(day);
    household.simulate(info, createRng(seed, day));
    broker?.simulate(info);
  }

  const holdings = broker?.snapshot(today - 1);
  return {
    accounts: profile.accounts.map((a) => ({
      id: a.id,
      portfolio: a.portfolio,
      iban: a.iban,
      type: a.type,
      alias: a.alias,
      balance: formatCents(ledger.balance(a.key)),
      currency: "EUR",
      owners: [...a.owners],
    })),
    portfolios: holdings?.portfolios ?? [],
    investments: holdings?.investments ?? [],
    positions: holdings?.positions ?? [],
    transactions: ledger.transactions,
    portfolioTransactions: ledger.portfolioTransactions,
  };
}
