import type { LinkLang } from "@finlink/contracts";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en, type Messages } from "./en";
import { es } from "./es";

export type { Messages };

/**
 * The language: the `lang` parameter when it is one Link speaks, else the browser's, else English.
 * @example pickLang(null, "es-ES") // "es"
 */
export function pickLang(param: string | null | undefined, browserLanguage: string | undefined): LinkLang {
  if (param === "es" || param === "en") return param;
  return browserLanguage?.toLowerCase().startsWith("es") ? "es" : "en";
}

export const messagesFor = (lang: LinkLang): Messages => (lang === "es" ? es : en);

export interface I18n {
  lang: LinkLang;
  t: Messages;
}

const I18nContext = createContext<I18n>({ lang: "en", t: en });

export const I18nProvider = I18nContext.Provider;

/** The current language and its messages. */
export const useI18n = () => useContext(I18nContext);
