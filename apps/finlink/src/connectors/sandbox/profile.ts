import type { Account, Owner } from "@finlink/contracts";
import { spanishIban } from "./checksums";
import type { SandboxEntity } from "./entities";
import type { AccountKey } from "./ledger";
import { EMPLOYERS } from "./merchants";
import { personFor } from "./person";
import { createRng, seedFrom, stableId } from "./random";

export interface AccountSpec {
  key: AccountKey;
  id: string;
  alias: string;
  type: Account["type"];
  iban: string | null;
  portfolio: string | null;
  openingCents: number;
}

/** Where the monthly savings go, and what both sides of the transfer read. */
export interface Sweep {
  to: AccountKey;
  monthlyCents: number;
  outText: string;
  inText: string;
  /** How money comes back when the current account runs dry; null when it cannot (a broker account). */
  back: { outText: string; inText: string } | null;
}

export interface HouseholdPlan {
  activity: number;
  employer: string;
  salaryCents: number;
  rentCents: number;
  phoneCents: number;
  /** Day of the month direct debits are charged. */
  billDay: number;
  insuranceMonth: number;
  insuranceCents: number;
  /** What the current account should keep; beyond twice this, the excess is saved. */
  cushionCents: number;
  sweep: Sweep;
  /** The current account's text for the monthly card settlement; null without a card. */
  cardText: string | null;
}

export interface PortfolioIds {
  stocks: string;
  funds: string;
}

export interface Profile {
  owners: Owner[];
  accounts: AccountSpec[];
  household: HouseholdPlan;
  portfolios: PortfolioIds | null;
}

const EUR = 100;
/**
 * Extra salary per unit of `activity` beyond the first: one unit spends about 1,150 € a month, paid 14
 * times a year (two extra pays), so a busier profile earns what it spends.
 */
const SALARY_PER_ACTIVITY_CENTS = 985 * EUR;

/** Everything about a sandbox customer that does not change from day to day, drawn once from its seed. */
export function buildProfile(sandbox: SandboxEntity, username: string, activity: number): Profile {
  const entityId = sandbox.entity.id;
  const rng = createRng(seedFrom("profile", entityId, username));
  const broker = sandbox.kind === "broker";
  const portfolios = broker
    ? { stocks: stableId("pf", entityId, username, "stocks"), funds: stableId("pf", entityId, username, "funds") }
    : null;
  // A customer's accounts are kept at one branch, as they usually are.
  const branch = rng.digits(4);
  const account = (key: AccountKey, alias: string, openingEuros: number, options: Partial<AccountSpec> = {}) => ({
    key,
    id: stableId("acc", entityId, username, key),
    alias,
    type: "CASH_ACCOUNT" as const,
    portfolio: null,
    openingCents: openingEuros * EUR,
    ...options,
    iban: options.type === "OTHER" ? null : spanishIban(sandbox.bankCode, branch, rng.digits(10)),
  });
  const cardLast4 = rng.digits(4);
  const accounts: AccountSpec[] = broker
    ? [
        account("current", "Cuenta Corriente", rng.int(1_500, 4_000)),
        account("broker", "Cuenta Bróker", rng.int(1_000, 3_000), { portfolio: portfolios?.stocks ?? null }),
      ]
    : [
        account("current", "Cuenta Nómina", rng.int(1_500, 4_000)),
        account("savings", "Cuenta Ahorro", rng.int(3_000, 15_000)),
        account("card", `Tarjeta Visa ···· ${cardLast4}`, 0, { type: "OTHER" }),
      ];
  const household: HouseholdPlan = {
    activity,
    employer: rng.pick(EMPLOYERS),
    salaryCents: rng.int(1_800, 2_400) * EUR + Math.round((activity - 1) * SALARY_PER_ACTIVITY_CENTS),
    rentCents: rng.int(650, 1_100) * EUR,
    phoneCents: rng.pick([3_990, 4_590, 5_500, 6_900]),
    billDay: rng.int(4, 9),
    insuranceMonth: rng.int(1, 12),
    insuranceCents: rng.int(180, 420) * EUR,
    cushionCents: 3_000 * EUR * activity,
    sweep: broker
      ? {
          to: "broker",
          monthlyCents: rng.int(3, 8) * 100 * EUR,
          outText: "Traspaso a Cuenta Bróker",
          inText: "Traspaso desde Cuenta Corriente",
          back: null,
        }
      : {
          to: "savings",
          monthlyCents: rng.int(1, 4) * 100 * EUR,
          outText: "Traspaso a Cuenta Ahorro",
          inText: "Traspaso desde Cuenta Nómina",
          back: { outText: "Traspaso a Cuenta Nómina", inText: "Traspaso desde Cuenta Ahorro" },
        },
    cardText: broker ? null : `Liquidación Tarjeta Visa ···· ${cardLast4}`,
  };
  return { owners: [{ name: personFor(username).fullName, role: "HOLDER" }], accounts, household, portfolios };
}
