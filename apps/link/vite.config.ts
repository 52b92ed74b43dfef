import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/** The Finlink server the dev server forwards API calls to (its default address). */
const FINLINK_DEV_URL = "http://127.0.0.1:4010";

export default defineConfig({
  // The Finlink server serves the built widget at /link, its assets at /link/assets/….
  base: "/link/",
  plugins: [preact()],
  server: { port: 5173, proxy: { "/api": FINLINK_DEV_URL } },
  build: {
    // The polyfill is code injected into the page; Link's CSP (script-src 'self') wants none, and every
    // browser Link supports has modulepreload.
    modulePreload: { polyfill: false },
    target: "es2022",
  },
});
