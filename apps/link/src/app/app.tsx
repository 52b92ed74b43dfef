import type { CreateLinkSessionRequest, LinkLang } from "@finlink/contracts";
import { useEffect, useMemo, useState } from "preact/hooks";
import { LinkApiError } from "../api/link-api-error";
import { I18nProvider, messagesFor } from "../i18n/i18n";
import { ErrorScreen } from "../screens/error/error-screen";
import { ExitDialog } from "../ui/exit-dialog";
import { CurrentView, canExit, MfaScreen } from "./current-view";
import type { Flow } from "./flow";
import { entityOf, type FlowState, viewKey } from "./flow-state";
import { bindHistory, type HistoryWindow } from "./history";
import { applyLang, applyTheme } from "./page-settings";
import { ScreenBoundary } from "./screen-boundary";
import "../styles/nav.css";

/** What the error screen shows for a screen that crashed: a generic failure, not retryable. */
const RENDER_FAILED = new LinkApiError({ status: 0, reason: "UNEXPECTED_ERROR", retryable: false });

export interface AppProps {
  flow: Flow;
  request: CreateLinkSessionRequest;
  /** From the URL or the browser, until the session says otherwise. */
  lang: LinkLang;
  /** Where the steps' history entries go: the page's window (absent in tests that do not look at history). */
  historyWindow?: HistoryWindow;
}

/** Screens with a step behind them that Back can return to (an error screen has its one way out instead). */
const BACKABLE = new Set(["ENTITY", "CREDENTIALS", "REDIRECT", "MFA"]);

/** Whether the bar shows Back: a step behind this one, and no call in flight. */
export const canGoBack = ({ view, session, busy, exiting }: FlowState, depth: number) =>
  !!session &&
  !busy &&
  !exiting &&
  depth > 1 &&
  BACKABLE.has(view.screen) &&
  // On the bank's page's screens: not while completing, after a refusal, or once another window took over.
  !(view.screen === "REDIRECT" && ["COMPLETING", "DENIED", "ELSEWHERE"].includes(view.stage));

function useFlowState(flow: Flow) {
  const [state, setState] = useState(flow.getState());
  useEffect(() => {
    setState(flow.getState());
    return flow.subscribe(() => setState(flow.getState()));
  }, [flow]);
  return state;
}

/** Link's page: a bar with Exit, the current screen in `<main>`, and the exit dialog. */
export function App({ flow, request, lang: initialLang, historyWindow }: AppProps) {
  const state = useFlowState(flow);
  const { session, view } = state;
  const lang = session?.lang ?? initialLang;
  const i18n = useMemo(() => ({ lang, t: messagesFor(lang) }), [lang]);
  const [exitOpen, setExitOpen] = useState(false);
  const exitable = canExit(state);

  useEffect(() => (historyWindow ? bindHistory(flow, historyWindow) : undefined), [flow, historyWindow]);
  // Back goes through the browser's history when Link keeps it, so the entries and the steps stay in step.
  const goBack = () => (historyWindow ? historyWindow.history.back() : flow.back());
  const backable = canGoBack(state, flow.depth());

  useEffect(() => applyLang(lang), [lang]);
  useEffect(() => {
    if (session?.theme) applyTheme(session.theme);
  }, [session?.theme]);
  // A failed exit call leaves the dialog for the error it produced; a step without Exit closes it for good
  // (it must not reopen by itself if Exit comes back, say on a finish error).
  useEffect(() => {
    if (!state.exiting || !exitable) setExitOpen(false);
  }, [state.exiting, exitable]);
  // Escape asks to leave, as Exit does: in an integrator's modal the keys go to this frame, so its Escape
  // would otherwise never reach the modal. Not while the dialog is open (it closes itself), nor when a field
  // used the key (a search box clears itself first).
  useEffect(() => {
    if (!exitable) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || event.isComposing || exitOpen) return;
      const target = event.target;
      if (target instanceof HTMLInputElement && target.type === "search" && target.value !== "") return;
      setExitOpen(true);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [exitable, exitOpen]);
  // Once the user can sign in, fetch the later screens' code while they type.
  useEffect(() => {
    if (view.screen !== "CREDENTIALS") return;
    MfaScreen.preload().catch(() => {});
  }, [view.screen]);

  return (
    <I18nProvider value={i18n}>
      <header class="topbar">
        <span class="topbar-start">
          {backable && (
            <button type="button" class="button quiet back" onClick={goBack}>
              <span aria-hidden="true">‹ </span>
              {i18n.t.nav.back}
            </button>
          )}
          <span class="brand">{i18n.t.brand}</span>
        </span>
        {exitable && (
          <button type="button" class="button quiet" onClick={() => setExitOpen(true)}>
            {i18n.t.exit}
          </button>
        )}
      </header>
      <main class="panel">
        <ScreenBoundary
          key={viewKey(view)}
          fallback={() => (
            <ErrorScreen
              error={RENDER_FAILED}
              phase="session"
              entityName={entityOf(view)?.name ?? null}
              appName={session?.app.name ?? null}
              onExit={exitable ? flow.exit : undefined}
            />
          )}
        >
          {/* APP polls wait while the user decides whether to leave, so an approval cannot race the exit. */}
          <CurrentView state={state} flow={flow} request={request} paused={exitOpen || state.exiting} />
        </ScreenBoundary>
        {exitable && session && (
          <ExitDialog
            open={exitOpen}
            busy={state.exiting}
            appName={session.app.name}
            onConfirm={flow.exit}
            onClose={() => setExitOpen(false)}
          />
        )}
      </main>
    </I18nProvider>
  );
}
