// `pnpm dev`: everything restarting on change. Finlink (4010) and the BFF (4020) under `tsx watch`; Link
// (5173) and the SPA (5174) on Vite with hot reload. Open the SPA's dev server: it proxies /api to the BFF,
// and Link's dev server proxies /api to Finlink, so each browser origin is the one production has.
import { announceWhenUp, consoleNotes, runAll } from "./processes.mjs";

const SPA = "http://localhost:5174";
// With its slash: Vite serves Link under the base /link/, and /link alone is not found there.
const LINK = "http://localhost:5173/link/";
runAll([
  {
    name: "finlink",
    color: 36,
    command: "pnpm",
    args: ["--silent", "--filter", "@finlink/server", "dev"],
    // start-flow answers Link's dev server; the sandbox app registers the SPA's callback by default.
    env: { LINK_URL: LINK },
  },
  {
    name: "bff",
    color: 35,
    command: "pnpm",
    args: ["--silent", "--filter", "@finlink/bff", "dev"],
    // The browser's origin is the SPA's dev server: the Origin check, the redirect and the CSP follow it.
    env: { APP_URL: SPA, LINK_URL: LINK },
  },
  { name: "link", color: 33, command: "pnpm", args: ["--silent", "--filter", "@finlink/link", "dev"] },
  { name: "web", color: 32, command: "pnpm", args: ["--silent", "--filter", "@finlink/web", "dev"] },
]);
// Asked of the BFF itself: through the SPA dev server, early polls would log proxy errors.
announceWhenUp(SPA, `http://127.0.0.1:${process.env.APP_PORT ?? 4020}/api/me`, consoleNotes());
