import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Tells React that updates are wrapped in act() here (Testing Library does it), so it does not warn.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// findBy/waitFor give a page up to 5 s (Testing Library's default is 1 s): on a loaded 2-core CI machine the
// lazy chunks (the connection page, the Spanish catalogue) took longer than that to load. Only failures wait longer.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  // vitest runs without globals, so @testing-library cannot register its own cleanup.
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.removeAttribute("data-theme");
  document.documentElement.lang = "";
});
