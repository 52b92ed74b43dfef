import type { LinkLang } from "@finlink/contracts";

/** The locale numbers and dates are written in, by the app's language. */
export const localeOf = (lang: LinkLang) => (lang === "es" ? "es-ES" : "en-GB");

/**
 * An IBAN as it is printed on paper: upper case, in groups of four.
 * @example formatIban("es9121000418450200051332") // "ES91 2100 0418 4502 0005 1332"
 */
export function formatIban(iban: string): string {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  return compact.replace(/(.{4})(?=.)/g, "$1 ");
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/**
 * An amount in its currency, as the language writes it (es-ES: `1.234,56 €`; en-GB: `€1,234.56`).
 * @example formatMoney(-12.3, "EUR", "en") // "-€12.30"
 */
export function formatMoney(amount: number, currency: string, lang: LinkLang): string {
  return numberFormat(localeOf(lang), { style: "currency", currency }).format(amount);
}

/**
 * A position's weight in its portfolio (0.4512 on the wire) as a percentage with at most two decimals.
 * @example formatWeight(0.4512, "es") // "45,12 %"
 */
export function formatWeight(weight: number, lang: LinkLang): string {
  return numberFormat(localeOf(lang), { style: "percent", maximumFractionDigits: 2 }).format(weight);
}

/** A quantity (titles, shares) with the decimals it has, up to the wire's eight. */
export function formatQuantity(quantity: number, lang: LinkLang): string {
  return numberFormat(localeOf(lang), { maximumFractionDigits: 8 }).format(quantity);
}

/**
 * A calendar date (`YYYY-MM-DD`), read as a date, not an instant: in UTC, so no time zone moves it a day.
 * @example formatDate("2026-11-24", "en") // "24 Nov 2026"
 */
export function formatDate(date: string, lang: LinkLang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date.slice(0, 10)}T00:00:00Z`),
  );
}

/** An instant in the user's own time zone, date and time. */
export function formatDateTime(instant: string, lang: LinkLang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
}
