import { usePreferences } from "../preferences";
import { chartsEn } from "./charts-en";
import { chartsEs } from "./charts-es";

/**
 * The charts' and transaction tools' copy in the app's language. Apart from the main dictionaries on
 * purpose: only the connection page (a lazy route) imports it, so the SPA's first page does not carry it.
 */
export function useChartsCopy() {
  const { lang } = usePreferences();
  return lang === "es" ? chartsEs : chartsEn;
}
