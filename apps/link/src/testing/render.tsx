import type { LinkLang } from "@finlink/contracts";
import { render } from "@testing-library/preact";
import type { ComponentChild } from "preact";
import { I18nProvider, messagesFor } from "../i18n/i18n";

/** Renders `ui` in a language, as Link's shell would; `rerender` keeps the same wrapper (and so the state). */
export function renderIn(ui: ComponentChild, lang: LinkLang = "en") {
  const wrap = (child: ComponentChild) => <I18nProvider value={{ lang, t: messagesFor(lang) }}>{child}</I18nProvider>;
  const view = render(wrap(ui));
  return { ...view, rerender: (next: ComponentChild) => view.rerender(wrap(next)) };
}
