import { formatMoney } from "../../../../lib/format";
import { usePreferences } from "../../../../lib/preferences";
import { centsToAmount, centsToDecimal } from "../../utils/cents";

/**
 * An amount in cents as the language writes it, in a `<data>` element whose `value` is the exact decimal
 * (`-12.30`): what a machine reading the page (a test, an extension) compares with the API.
 */
export function MoneyValue({ cents, currency }: { cents: number; currency: string }) {
  const { lang } = usePreferences();
  return <data value={centsToDecimal(cents)}>{formatMoney(centsToAmount(cents), currency, lang)}</data>;
}

/** The same, as text (a summary sentence). */
export function useMoneyText() {
  const { lang } = usePreferences();
  return (cents: number, currency: string) => formatMoney(centsToAmount(cents), currency, lang);
}
