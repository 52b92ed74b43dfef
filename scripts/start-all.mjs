// `npm start`: Finlink (API + Link, FINLINK_PORT, default 4010) and the demo app's BFF (APP_PORT, default
// 4020, serving the built SPA) side by side, each line prefixed with its name; Ctrl-C (or either one
// ending) stops both. `pnpm run start:all` builds Link and the SPA first.
import { announceWhenUp, runAll } from "./processes.mjs";

const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.APP_PORT ?? 4020}`;
runAll([
  { name: "finlink", color: 36, command: "pnpm", args: ["--silent", "--filter", "@finlink/server", "start"] },
  { name: "bff", color: 35, command: "pnpm", args: ["--silent", "--filter", "@finlink/bff", "start"] },
]);
announceWhenUp(appUrl, `${appUrl}/api/me`);
