import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Tells React that updates are wrapped in act() here (Testing Library does it), so it does not warn.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  // vitest runs without globals, so @testing-library cannot register its own cleanup.
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.removeAttribute("data-theme");
  document.documentElement.lang = "";
});
