import { spawn } from "node:child_process";
import { type Browser, chromium } from "playwright-core";
import { en } from "../apps/web/src/lib/i18n/en";
import { CHROMIUM_LAUNCH_OPTIONS, REPO_ROOT } from "../e2e/servers";
import { headingShownAt } from "./heading";
import { machineLine, markdownTable, percentile, writeResult } from "./measure";
import {
  APP_URL,
  epochNow,
  FINLINK_PORT,
  FINLINK_READY_URL,
  isHtml,
  type Stack,
  type StackCommand,
  startStack,
} from "./stack";

/** Cold starts per row: fresh data directories (both databases created and migrated) and a fresh browser context. */
const RUNS = 3;
const PNPM = `${REPO_ROOT}node_modules/.bin/pnpm`;
const BUILDS = {
  link: [PNPM, "--filter", "@finlink/link", "build"],
  web: [PNPM, "--filter", "@finlink/web", "build"],
  // What start-all.mjs does first, in its own process (decision 008).
  servers: [process.execPath, "scripts/build-server.mjs", "apps/finlink", "apps/bff"],
} as const;

/** Milliseconds after the spawn. */
interface StartRun {
  html: number;
  heading: number;
  finlink: number;
}

/** When Chromium, opening the app as soon as it answers, shows the sign-in page's heading (epoch ms). */
async function headingShown(browser: Browser): Promise<number> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${APP_URL}/`, { waitUntil: "commit" });
    const shown = await page.waitForFunction(headingShownAt, en.auth.title, { polling: "raf", timeout: 30_000 });
    const sinceNavigation = Number(await shown.jsonValue());
    return (await page.evaluate(() => performance.timeOrigin)) + sinceNavigation;
  } finally {
    await context.close();
  }
}

async function timeStart(browser: Browser, command: StackCommand): Promise<StartRun> {
  const stack: Stack = await startStack(command);
  try {
    const finlink = stack.waitFor(FINLINK_READY_URL, (res) => res.status === 200);
    finlink.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const html = (await stack.waitFor(`${APP_URL}/`, isHtml)) - stack.startedAt;
    const heading = (await headingShown(browser)) - stack.startedAt;
    if (heading < html) throw new Error(`the heading (${heading} ms) came before the page answered (${html} ms)`);
    stack.assertRunning();
    return { html, heading, finlink: (await finlink) - stack.startedAt };
  } finally {
    await stack.stop();
  }
}

/** Milliseconds one `<file> <args>` from the repo root took; its output is dropped unless it fails. */
async function timeBuild([file, ...args]: readonly string[]): Promise<number> {
  const started = epochNow();
  const child = spawn(file as string, args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${file} ${args.join(" ")} failed (${code}):\n${output}`);
  return epochNow() - started;
}

async function repeat<T>(label: string, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 1; i <= RUNS; i++) {
    console.error(`${label}: run ${i} of ${RUNS}…`);
    results.push(await run());
  }
  return results;
}

const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
let full: StartRun[];
let link: number[];
let web: number[];
let serverBuild: number[];
let servers: StartRun[];
try {
  full = await repeat("pnpm run start:all", () => timeStart(browser, "start:all"));
  link = await repeat("link build", () => timeBuild(BUILDS.link));
  web = await repeat("web build", () => timeBuild(BUILDS.web));
  serverBuild = await repeat("server builds", () => timeBuild(BUILDS.servers));
  servers = await repeat("node scripts/start-all.mjs", () => timeStart(browser, "servers"));
} finally {
  await browser.close();
}

const med = (samples: number[]) => percentile(samples, 0.5);
const cell = (samples: number[]) => `${med(samples).toFixed(0)} / ${Math.max(...samples).toFixed(0)}`;
const startRow = (label: string, runs: StartRun[]) => [
  label,
  String(runs.length),
  cell(runs.map((r) => r.html)),
  cell(runs.map((r) => r.heading)),
  cell(runs.map((r) => r.finlink)),
];
const starts = markdownTable([
  ["command", "runs", "GET / answers 200 HTML", `"${en.auth.title}" heading shown`, "Finlink API answers"],
  startRow("`pnpm run start:all` (the Vite builds, then start-all.mjs)", full),
  startRow("`node scripts/start-all.mjs` (the servers: their build, then both)", servers),
]);
const builds = markdownTable([
  ["build", "runs", "ms median / max"],
  ["`pnpm --filter @finlink/link build` (vite, size report)", String(link.length), cell(link)],
  ["`pnpm --filter @finlink/web build` (vite)", String(web.length), cell(web)],
  [
    "`node scripts/build-server.mjs apps/finlink apps/bff` (esbuild, as start-all.mjs does first)",
    String(serverBuild.length),
    cell(serverBuild),
  ],
]);
const parts = med(link) + med(web) + med(servers.map((r) => r.heading));

writeResult(
  "start-time",
  `# \`npm start\`: time to the first page

${machineLine(`, Chromium ${browser.version()} (headless)`)}

Milliseconds after the spawn, median / max of ${RUNS} runs each.

${starts}

${builds}

The parts — each Vite build alone, then start-all.mjs (the server builds and the servers) to the heading (medians) —
add up to ${parts.toFixed(0)} ms;
the whole \`start:all\` took ${med(full.map((r) => r.heading)).toFixed(0)} ms to the heading (median). Compare rows of one run only: the
machine's load moves every figure.

- What \`npm start\` runs after its install, \`pnpm run start:all\` from the repo root, and then the servers
  alone (\`node scripts/start-all.mjs\`: both servers bundled by esbuild, then \`node dist/cli.js start\` for each:
  Finlink with its in-process worker, and the BFF serving the built SPA; before, \`tsx src/cli.ts start\` under pnpm),
  each on fresh data directories in a temporary directory: every run creates and migrates both PGlite
  databases and seeds the sandbox app. Ports ${FINLINK_PORT} and ${APP_URL.split(":").at(-1)}; the rest is \`npm start\`'s
  configuration (sandbox on, time scale 1, \`LOG_LEVEL\` info).
- "GET / answers": \`${APP_URL}/\` polled every 25 ms from the spawn until it answers 200 \`text/html\`.
- "Heading shown": then Chromium (launched beforehand, a fresh context per run: no cache) opens it, and the
  page reports, on an animation frame, the visible h1 "${en.auth.title}": HTML, the SPA's JS and CSS,
  \`GET /api/me\` (401, not signed in) and the first render.
- "Finlink API answers": \`GET /api/v1/openapi.json\` on Finlink, polled in parallel; the sign-in page does not
  need it, connecting an entity does.
- At the end of each run the whole process group gets SIGTERM (SIGKILL after 15 s) and the data directories
  are removed.
`,
);
