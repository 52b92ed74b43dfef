import type { DayInfo } from "./calendar";
import { isFirstBusinessDayFrom } from "./calendar";
import type { AccountKey, Ledger } from "./ledger";
import { ATMS, FRIENDS, merchantAmount, pickMerchant } from "./merchants";
import type { HouseholdPlan } from "./profile";
import type { Rng } from "./random";

const EUR = 100;
/** Purchases per day per unit of activity; Saturdays busier, Sundays quieter. */
const PURCHASES_PER_DAY = [0.6, 1, 1, 1, 1, 1.1, 1.4].map((f) => f * 1.1);
/** Savings accounts pay 1.25 % a year, monthly, less Spain's 19 % withholding on interest. */
const INTEREST_BP_PER_YEAR = 125;
const WITHHOLDING_PERCENT = 19;

export interface Household {
  simulate(info: DayInfo, rng: Rng): void;
}

/**
 * The everyday life of a customer's current account (and savings account and card, when the profile has
 * them): salary, rent, direct debits, card spending settled monthly, Bizum, cash, savings transfers.
 * A day's movements depend only on that day and the days before it, never on how far the simulation
 * runs, so rows and their ids stay put as `now` moves on.
 */
export function createHousehold(plan: HouseholdPlan, ledger: Ledger): Household {
  const spendOn: AccountKey = plan.cardText ? "card" : "current";
  let statementCents = 0;
  let returnedDebits: { day: number; cents: number }[] = [];

  function payCard(d: DayInfo): void {
    if (!plan.cardText) return;
    if (d.dom === 1) statementCents = -ledger.balance("card");
    if (isFirstBusinessDayFrom(d, 5) && statementCents > 0) {
      ledger.post(d.day, "card", statementCents, "Liquidación mensual", "TARJETA");
      ledger.post(d.day, "current", -statementCents, plan.cardText, "TARJETA");
      statementCents = 0;
    }
  }

  function transfer(day: number, from: AccountKey, to: AccountKey, cents: number, outText: string, inText: string) {
    ledger.post(day, from, -cents, outText, "TRANSFERENCIAS");
    // Cash the customer adds to the broker account is what Vumi calls a DEPOSIT.
    ledger.post(day, to, cents, inText, "TRANSFERENCIAS", to === "broker" ? { type: "DEPOSIT" } : undefined);
  }

  function save(d: DayInfo): void {
    const { sweep, cushionCents } = plan;
    const current = ledger.balance("current");
    if (current > 2 * cushionCents) {
      const excess = Math.floor((current - cushionCents) / (100 * EUR)) * 100 * EUR;
      transfer(d.day, "current", sweep.to, excess, sweep.outText, sweep.inText);
    } else if (current > sweep.monthlyCents + cushionCents / 6) {
      transfer(d.day, "current", sweep.to, sweep.monthlyCents, sweep.outText, sweep.inText);
    } else if (sweep.back && current < cushionCents / 10 && ledger.balance(sweep.to) > cushionCents / 2) {
      transfer(d.day, sweep.to, "current", cushionCents / 5, sweep.back.outText, sweep.back.inText);
    }
  }

  function bills(d: DayInfo, rng: Rng): void {
    const electricity = rng.int(35, 110) * EUR + rng.int(0, 99);
    ledger.post(d.day, "current", -electricity, "Recibo Iberdrola", "SUMINISTROS");
    // Now and then a direct debit is returned to the payer a few days later.
    if (rng.chance(0.04)) returnedDebits.push({ day: d.day + rng.int(2, 4), cents: electricity });
    ledger.post(d.day, "current", -plan.phoneCents, "Recibo Movistar", "SUMINISTROS");
    if (d.month % 2 === 0)
      ledger.post(d.day, "current", -rng.int(2_200, 6_000), "Recibo Canal de Isabel II", "SUMINISTROS");
    if (d.month === plan.insuranceMonth)
      ledger.post(d.day, "current", -plan.insuranceCents, "Recibo Mapfre Seguros", "SEGUROS");
  }

  function monthly(d: DayInfo, rng: Rng): void {
    if (isFirstBusinessDayFrom(d, 1)) ledger.post(d.day, "current", -plan.rentCents, "Alquiler vivienda", "VIVIENDA");
    if (isFirstBusinessDayFrom(d, 2)) save(d);
    if (isFirstBusinessDayFrom(d, plan.billDay)) bills(d, rng);
    if (d.dom === 15) ledger.post(d.day, spendOn, -1_299, "Netflix.com", "OCIO");
    if (d.lastBusinessDayOfMonth) {
      ledger.post(d.day, "current", plan.salaryCents, `Nómina ${plan.employer}`, "NOMINA");
      if (d.month === 6 || d.month === 12)
        ledger.post(d.day, "current", plan.salaryCents, `Paga extra ${plan.employer}`, "NOMINA");
      if (d.month % 3 === 0) ledger.post(d.day, "current", -15 * EUR, "Comisión mantenimiento", "COMISIONES");
    }
    if (d.dom === d.daysInMonth && ledger.has("savings")) {
      const gross = Math.floor((ledger.balance("savings") * INTEREST_BP_PER_YEAR) / (12 * 10_000));
      const net = gross - Math.round((gross * WITHHOLDING_PERCENT) / 100);
      if (net > 0) ledger.post(d.day, "savings", net, "Intereses Cuenta Ahorro", "INTERESES");
    }
  }

  function everyday(d: DayInfo, rng: Rng): void {
    const a = plan.activity;
    for (let n = rng.poisson(a * (PURCHASES_PER_DAY[d.weekday] ?? 1)); n > 0; n--) {
      const merchant = pickMerchant(rng);
      ledger.post(d.day, spendOn, -merchantAmount(rng, merchant), merchant.text, merchant.category, {
        valueShift: -rng.int(0, 2),
      });
    }
    for (let n = rng.poisson(a * 0.25); n > 0; n--) {
      const friend = rng.pick(FRIENDS);
      if (rng.chance(0.45)) ledger.post(d.day, "current", rng.int(5, 60) * EUR, `Bizum de ${friend}`, "TRANSFERENCIAS");
      else ledger.post(d.day, "current", -rng.int(5, 50) * EUR, `Bizum a ${friend}`, "TRANSFERENCIAS");
    }
    for (let n = rng.poisson(a * 0.08); n > 0; n--) {
      ledger.post(d.day, "current", -rng.int(2, 15) * 10 * EUR, rng.pick(ATMS), "EFECTIVO");
    }
    for (let n = rng.poisson(a * 0.02); n > 0; n--) {
      ledger.post(d.day, "current", rng.int(50, 600) * EUR, "Transferencia recibida", "TRANSFERENCIAS", {
        valueShift: rng.int(0, 1),
      });
    }
    if (rng.chance(a * 0.01)) ledger.post(d.day, spendOn, rng.int(800, 6_000), "Devolución Amazon EU", "COMPRAS");
  }

  function partner(d: DayInfo, rng: Rng): void {
    const p = plan.partner;
    if (!p) return;
    if (d.lastBusinessDayOfMonth) ledger.post(d.day, "partner", p.salaryCents, `Nómina ${p.employer}`, "NOMINA");
    if (isFirstBusinessDayFrom(d, 2)) {
      const excess = Math.floor((ledger.balance("partner") - p.cushionCents) / (100 * EUR)) * 100 * EUR;
      if (excess > 0) transfer(d.day, "partner", "current", excess, p.outText, p.inText);
    }
    if (isFirstBusinessDayFrom(d, plan.billDay)) {
      ledger.post(d.day, "partner", -p.phoneCents, "Recibo Vodafone", "SUMINISTROS");
    }
    for (let n = rng.poisson(0.4 * (PURCHASES_PER_DAY[d.weekday] ?? 1)); n > 0; n--) {
      const merchant = pickMerchant(rng);
      ledger.post(d.day, "partner", -merchantAmount(rng, merchant), merchant.text, merchant.category);
    }
  }

  return {
    simulate(d, rng) {
      if (returnedDebits.length > 0) {
        for (const debit of returnedDebits.filter((r) => r.day === d.day)) {
          ledger.post(d.day, "current", debit.cents, "Devolución recibo", "SUMINISTROS");
        }
        returnedDebits = returnedDebits.filter((r) => r.day > d.day);
      }
      payCard(d);
      monthly(d, rng);
      everyday(d, rng);
      partner(d, rng);
    },
  };
}
