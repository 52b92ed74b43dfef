import type { Flow } from "./flow";

/** The part of `window` the binding uses (injectable in tests). */
export interface HistoryWindow {
  history: Pick<History, "state" | "pushState" | "replaceState" | "back" | "go">;
  addEventListener(type: "popstate", listener: (event: PopStateEvent) => void): void;
  removeEventListener(type: "popstate", listener: (event: PopStateEvent) => void): void;
}

/** Link's mark on the entries it adds: their position over the entry Link was opened on (0). */
const KEY = "finlinkStep";

const positionOf = (state: unknown): number | null => {
  const value = (state as Record<string, unknown> | null)?.[KEY];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
};

/**
 * Gives each of Link's steps a history entry, so the browser's Back walks back through them (inside an iframe
 * too: the frame's entries are part of the tab's history) and Back from the first step exits the flow, with the
 * EXIT event and the app's redirect, instead of leaving the app's page with the flow hanging.
 *
 * Each popstate is one step back. Forward is undone (the step it would return to is over on the server). An
 * entry added and then passed in the app (another bank chosen) stays behind: Back then still moves one step.
 * Returns the unbind.
 */
export function bindHistory(flow: Flow, win: HistoryWindow): () => void {
  const { history } = win;
  // The entry Link opened on: Back to it leaves the first step.
  history.replaceState({ ...(history.state as object | null), [KEY]: 0 }, "");
  let position = 0;
  let depth = flow.depth();
  let undoingForward = false;

  const unsubscribe = flow.subscribe(() => {
    const now = flow.depth();
    for (; depth < now; depth++) {
      position += 1;
      history.pushState({ [KEY]: position }, "");
    }
    depth = now;
  });

  const onPopState = (event: PopStateEvent) => {
    const at = positionOf(event.state);
    if (at === null) return;
    if (undoingForward) {
      undoingForward = false;
      return;
    }
    if (at > position) {
      undoingForward = true;
      return history.go(position - at);
    }
    position = at;
    const result = flow.back();
    if (result === "stay") {
      // Nothing to go back to yet: the entry left comes back, so the next Back is one step again.
      position += 1;
      history.pushState({ [KEY]: position }, "");
    } else if (result === "leave") {
      // No session to exit: go on back to the page before Link, as if Link had added no entries.
      history.go(-(position + 1));
    }
    depth = flow.depth();
  };
  win.addEventListener("popstate", onPopState);
  return () => {
    unsubscribe();
    win.removeEventListener("popstate", onPopState);
  };
}
