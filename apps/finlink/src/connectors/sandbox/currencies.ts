import { RATE_SCALE } from "./money";

/** The currencies sandbox investments trade in; every portfolio and account is in EUR. */
export type SandboxCurrency = "EUR" | "USD" | "GBP";

const TAU = 2 * Math.PI;

/** Rough levels of EURUSD and EURGBP over the years the sandbox covers; the wiggles are made up. */
const RATES: Record<Exclude<SandboxCurrency, "EUR">, { level: number; phase: number }> = {
  USD: { level: 1.11, phase: 0.7 },
  GBP: { level: 0.86, phase: 2.3 },
};

/**
 * The reference → local rate on a day (EURUSD for USD) in ten-thousandths, a smooth function of the date
 * alone like `priceCents`: a three-year swing, a two-month and a ten-day wiggle. The float maths happens
 * once here and is rounded to 4 decimals; conversions of money stay in integers.
 * @example exchangeRate("USD", 20_526) // 10_442: EURUSD 1.0442 on 2026-03-14
 */
export function exchangeRate(currency: SandboxCurrency, day: number): number {
  if (currency === "EUR") return RATE_SCALE;
  const { level, phase } = RATES[currency];
  const wave =
    1 +
    0.05 * Math.sin((TAU * day) / (3 * 365.25) + phase) +
    0.015 * Math.sin((TAU * day) / 61 + 2 * phase) +
    0.004 * Math.sin((TAU * day) / 9.7 + 5 * phase);
  return Math.round(level * wave * RATE_SCALE);
}
