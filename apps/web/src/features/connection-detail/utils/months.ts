import type { LinkLang } from "@finlink/contracts";
import { localeOf } from "../../../lib/format";

/**
 * A `YYYY-MM` month as the language names it, in UTC so no time zone moves it.
 * @example shortMonthLong("2026-11", "en") // "November 2026"
 */
export function shortMonthLong(month: string, lang: LinkLang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}
