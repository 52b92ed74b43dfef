import { LinkLang } from "@finlink/contracts";
import { useId } from "react";
import { usePreferences } from "../lib/preferences";

const LANGUAGE_NAMES: Record<LinkLang, string> = { en: "English", es: "Español" };

/** The language switch (each language named in itself) and the dark-theme toggle. */
export function PreferenceControls() {
  const { t, lang, setLang, theme, setTheme } = usePreferences();
  const selectId = useId();
  return (
    <div className="preferences">
      <label htmlFor={selectId} className="sr-only">
        {t.app.language}
      </label>
      <select
        id={selectId}
        className="select"
        value={lang}
        onChange={(event) => setLang(LinkLang.parse(event.target.value))}
      >
        {LinkLang.options.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button quiet"
        aria-pressed={theme === "dark"}
        onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
      >
        <span aria-hidden="true">{theme === "dark" ? "☾ " : "☀ "}</span>
        {t.app.darkTheme}
      </button>
    </div>
  );
}
