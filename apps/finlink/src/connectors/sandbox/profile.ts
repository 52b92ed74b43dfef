import type { Account, Portfolio } from "@finlink/contracts";
import { spanishIban } from "./checksums";
import type { SandboxEntity } from "./entities";
import type { PortfolioKey } from "./instruments";
import type { AccountKey } from "./ledger";
import { EMPLOYERS } from "./merchants";
import { coHolderFor, ownerName, personFor } from "./person";
import { createRng, seedFrom, stableId } from "./random";

export interface AccountSpec {
  key: AccountKey;
  id: string;
  alias: string;
  type: Account["type"];
  iban: string | null;
  portfolio: string | null;
  openingCents: number;
  owners: string[];
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
  /** The co-holder's own account: their salary, their share of the joint expenses, a bill, some shopping. */
  partner: PartnerPlan | null;
}

export interface PartnerPlan {
  employer: string;
  salaryCents: number;
  /** What the co-holder keeps; the rest goes to the joint account every month, after payday. */
  cushionCents: number;
  outText: string;
  inText: string;
  phoneCents: number;
}

export interface PortfolioSpec {
  key: PortfolioKey;
  id: string;
  type: Portfolio["type"];
  owners: string[];
}

export interface Profile {
  accounts: AccountSpec[];
  household: HouseholdPlan;
  /** Stocks, funds and the pension plan, in that order; null at a bank. */
  portfolios: PortfolioSpec[] | null;
}

const EUR = 100;
/**
 * Extra salary per unit of `activity` beyond the first: one unit spends about 1,150 € a month, paid 14
 * times a year (two extra pays), so a busier profile earns what it spends.
 */
const SALARY_PER_ACTIVITY_CENTS = 985 * EUR;

/**
 * Everything about a sandbox customer that does not change from day to day, drawn once from its seed.
 * With `coHolder`, a second person holds some of the accounts and portfolios (see `UserBehaviour`).
 */
export function buildProfile(sandbox: SandboxEntity, username: string, activity: number, coHolder = false): Profile {
  const entityId = sandbox.entity.id;
  const rng = createRng(seedFrom("profile", entityId, username));
  const broker = sandbox.kind === "broker";
  const user = [ownerName(personFor(username), sandbox.nameStyle)];
  const other = coHolder ? [ownerName(coHolderFor(username), sandbox.nameStyle)] : [];
  const joint = [...user, ...other];
  const coHeld = coHolder ? other : user;
  const portfolio = (key: PortfolioKey, type: Portfolio["type"], owners: string[]): PortfolioSpec => ({
    key,
    id: stableId("pf", entityId, username, key),
    type,
    owners,
  });
  // A pension plan has one holder by law, and is a contract of its own; funds may be held jointly.
  const portfolios = broker
    ? [
        portfolio("stocks", "STOCK_PORTFOLIO", user),
        portfolio("funds", "COMPOSITE_ASSETS_PORTFOLIO", joint),
        portfolio("pension", "COMPOSITE_ASSETS_PORTFOLIO", coHeld),
      ]
    : null;
  // A customer's accounts are kept at one branch, as they usually are.
  const branch = rng.digits(4);
  const account = (
    key: AccountKey,
    alias: string,
    openingEuros: number,
    options: Omit<Partial<AccountSpec>, "iban"> & { iban?: false } = {},
  ): AccountSpec => ({
    key,
    id: stableId("acc", entityId, username, key),
    alias,
    type: "CASH_ACCOUNT",
    portfolio: null,
    openingCents: openingEuros * EUR,
    owners: user,
    ...options,
    iban: options.iban === false ? null : spanishIban(sandbox.bankCode, branch, rng.digits(10)),
  });
  const cardLast4 = rng.digits(4);
  const currentAlias = broker ? "Cuenta Corriente" : coHolder ? "Cuenta Conjunta" : "Cuenta Nómina";
  // The broker's cash account holds the stock portfolio's liquidity: Vumi's `OTHER`, with an IBAN of its own.
  const accounts: AccountSpec[] = broker
    ? [
        account("current", currentAlias, rng.int(1_500, 4_000), { owners: joint }),
        account("broker", "Cuenta Bróker", rng.int(1_000, 3_000), {
          type: "OTHER",
          portfolio: portfolios?.[0]?.id ?? null,
        }),
      ]
    : [
        account("current", currentAlias, rng.int(1_500, 4_000), { owners: joint }),
        account("savings", "Cuenta Ahorro", rng.int(3_000, 15_000)),
        account("card", `Tarjeta Visa ···· ${cardLast4}`, 0, { type: "OTHER", iban: false }),
      ];
  if (coHolder && !broker) accounts.push(account("partner", "Cuenta Online", rng.int(800, 2_500), { owners: other }));
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
          inText: `Traspaso desde ${currentAlias}`,
          back: null,
        }
      : {
          to: "savings",
          monthlyCents: rng.int(1, 4) * 100 * EUR,
          outText: "Traspaso a Cuenta Ahorro",
          inText: `Traspaso desde ${currentAlias}`,
          back: { outText: `Traspaso a ${currentAlias}`, inText: "Traspaso desde Cuenta Ahorro" },
        },
    cardText: broker ? null : `Liquidación Tarjeta Visa ···· ${cardLast4}`,
    partner: null,
  };
  if (accounts.some((a) => a.key === "partner")) {
    household.partner = {
      employer: rng.pick(EMPLOYERS),
      salaryCents: rng.int(1_200, 1_600) * EUR,
      cushionCents: rng.int(8, 15) * 100 * EUR,
      outText: `Transferencia a ${currentAlias}`,
      inText: `Transferencia de ${other[0]}`,
      phoneCents: rng.pick([2_500, 3_500, 4_500]),
    };
  }
  return { accounts, household, portfolios };
}
