import { render } from "preact";
import { createLinkApi } from "./api/link-api";
import { App } from "./app/app";
import { preloadFirstScreens } from "./app/current-view";
import { createFlow } from "./app/flow";
import { applyLang, applyTheme } from "./app/page-settings";
import { RETURN_PATH } from "./app/return-path";
import { readStartParams } from "./app/start-params";
import { pickLang } from "./i18n/i18n";
import { parentWindow } from "./post-message/link-events";
import "./styles/theme.css";
import "./styles/layout.css";
import "./styles/controls.css";
import "./styles/screens.css";

// The bank sends the user back to Link's return page with its `code` and `state`: they leave the address bar and
// the history at once (a reload, a shared screen or the Back button must not show them), kept only in memory.
const returnedFrom = window.location.pathname === RETURN_PATH ? window.location.href : null;
if (returnedFrom) window.history.replaceState(null, "", RETURN_PATH);

const start = readStartParams(returnedFrom ? "" : window.location.search);
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
if (returnedFrom) {
  flow.returnFromBank(returnedFrom);
} else {
  preloadFirstScreens().catch(() => {}); // a failure shows when the screen is needed, with "Try again"
  flow.start(start.request, start.refusal);
}
