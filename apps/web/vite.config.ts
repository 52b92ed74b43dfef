import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The BFF the dev server forwards to: same origin for the SPA, so the session cookie and the BFF's csrf
// check (Origin) work in development as in production, where the BFF serves `dist` itself.
const BFF_DEV_URL = `http://127.0.0.1:${process.env.APP_PORT ?? 4020}`;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5174,
    proxy: { "/api": BFF_DEV_URL, "/webhooks": BFF_DEV_URL },
  },
  preview: { port: 4174 },
  // No modulepreload polyfill: every browser of the es2022 target has modulepreload, and the BFF's strict CSP
  // is simpler with no injected helper (apps/link does the same).
  build: { outDir: "dist", target: "es2022", modulePreload: { polyfill: false } },
});
