import type { LinkLang } from "@finlink/contracts";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en, type Messages } from "./i18n/en";
import { es } from "./i18n/es";

export type Theme = "light" | "dark";

export interface Preferences {
  lang: LinkLang;
  t: Messages;
  theme: Theme;
  setLang: (lang: LinkLang) => void;
  setTheme: (theme: Theme) => void;
}

/** Link's own look, from the app's: the same language and theme. */
export const linkLooks = ({ lang, theme }: Pick<Preferences, "lang" | "theme">) => ({
  lang,
  theme: theme === "dark" ? ("DARK" as const) : ("LIGHT" as const),
});

const LANG_KEY = "finlink-web:lang";
const THEME_KEY = "finlink-web:theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

export const messagesFor = (lang: LinkLang): Messages => (lang === "es" ? es : en);

/**
 * The language: the user's choice, else the browser's when it is Spanish, else English.
 * @example pickLang(null, "es-ES") // "es"
 */
export function pickLang(stored: string | null, browserLanguage: string | undefined): LinkLang {
  if (stored === "es" || stored === "en") return stored;
  return browserLanguage?.toLowerCase().startsWith("es") ? "es" : "en";
}

/** The theme: the user's choice, else the system's (prefers-color-scheme). */
export function pickTheme(stored: string | null, systemDark: boolean): Theme {
  if (stored === "light" || stored === "dark") return stored;
  return systemDark ? "dark" : "light";
}

// Storage can be unavailable (privacy modes, a sandboxed iframe): preferences then last the page only.
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* the choice still applies to this page */
  }
}

const systemDark = () => typeof matchMedia === "function" && matchMedia(DARK_QUERY).matches;

const PreferencesContext = createContext<Preferences | null>(null);

/** Language and theme for the whole app, mirrored on `<html lang>` and `<html data-theme>`. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState(() => pickLang(read(LANG_KEY), navigator.language));
  const [chosenTheme, setChosenTheme] = useState(() => read(THEME_KEY));
  const [dark, setDark] = useState(systemDark);
  const theme = pickTheme(chosenTheme, dark);

  useEffect(() => {
    if (typeof matchMedia !== "function") return;
    const query = matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const setLang = useCallback((next: LinkLang) => {
    write(LANG_KEY, next);
    setLangState(next);
  }, []);
  const setTheme = useCallback((next: Theme) => {
    write(THEME_KEY, next);
    setChosenTheme(next);
  }, []);

  const value = useMemo(
    () => ({ lang, t: messagesFor(lang), theme, setLang, setTheme }),
    [lang, theme, setLang, setTheme],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

/** The language, its messages and the theme. */
export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (!preferences) throw new Error("usePreferences needs a <PreferencesProvider>");
  return preferences;
}
