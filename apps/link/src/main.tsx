import { render } from "preact";
import { createLinkApi } from "./api/link-api";
import { App } from "./app/app";
import { preloadFirstScreens } from "./app/current-view";
import { createFlow } from "./app/flow";
import { applyLang, applyTheme } from "./app/page-settings";
import { readStartParams } from "./app/start-params";
import { pickLang } from "./i18n/i18n";
import { parentWindow } from "./post-message/link-events";
import "./styles/theme.css";
import "./styles/layout.css";
import "./styles/controls.css";
import "./styles/screens.css";

const start = readStartParams(window.location.search);
const lang = pickLang(start.lang, navigator.language);
applyLang(lang);
applyTheme(start.theme ?? null);

const flow = createFlow({
  api: createLinkApi(),
  parent: parentWindow(),
  navigate: (url) => window.location.assign(url),
});

const root = document.getElementById("app");
if (root) {
  // index.html's static "Loading…" goes first: Preact would otherwise try to reuse its nodes.
  root.replaceChildren();
  render(<App flow={flow} request={start.request} lang={lang} historyWindow={window} />, root);
}
preloadFirstScreens().catch(() => {}); // a failure shows when the screen is needed, with "Try again"
flow.start(start.request, start.refusal);
