// `npm start`: Finlink (API + Link, FINLINK_PORT, default 4010; the operator console on an origin of its own,
// FINLINK_CONSOLE_PORT, default 4011) and the demo app's BFF (APP_PORT, default 4020, serving the built SPA)
// side by side, each line prefixed with its name; Ctrl-C (or either one ending) stops both. `pnpm run start:all`
// builds Link and the SPA first; this script compiles both servers (scripts/build-server.mjs) and runs the
// JavaScript it wrote, no TypeScript loader (docs/decisions/008).
import { fileURLToPath } from "node:url";
import { buildServer, SERVER_NODE_FLAGS } from "./build-server.mjs";
import { announceWhenUp, consoleNotes, runAll } from "./processes.mjs";

// Each runs in its package's directory, as `pnpm --filter <package> start` would run it.
const finlinkDir = fileURLToPath(new URL("../apps/finlink", import.meta.url));
const bffDir = fileURLToPath(new URL("../apps/bff", import.meta.url));
const [finlink, bff] = await Promise.all([buildServer(finlinkDir), buildServer(bffDir)]);
const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.APP_PORT ?? 4020}`;
runAll([
  {
    name: "finlink",
    color: 36,
    command: process.execPath,
    args: [...SERVER_NODE_FLAGS, finlink, "start"],
    cwd: finlinkDir,
  },
  { name: "bff", color: 35, command: process.execPath, args: [...SERVER_NODE_FLAGS, bff, "start"], cwd: bffDir },
]);
announceWhenUp(appUrl, `${appUrl}/api/me`, consoleNotes());
