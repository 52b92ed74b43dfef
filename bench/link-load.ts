import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import {
  CHROMIUM_LAUNCH_OPTIONS,
  FINLINK_ORIGIN,
  FINLINK_UNSET_ENV,
  finlinkServer,
  LINK_DIST,
  REPO_ROOT,
  SANDBOX_APP,
} from "../e2e/servers";
import { headingShownAt } from "./heading";
import { markdownTable, percentile } from "./measure";

/** Timed page loads, each in a fresh browser context (empty cache: a user's first visit). */
const LOADS = 20;
/** A new connection's first screen, where the user can act: the consent screen. */
const HEADING = `${SANDBOX_APP.name} asks to connect to your bank`;
/** The next one, after Continue: the entity list (its code and the entities from the API). */
const NEXT_HEADING = "Select your bank";

/** Starts the same sandbox Finlink the e2e tests use, on a throwaway database; resolves once it answers. */
async function startFinlink(dataDir: string): Promise<ChildProcess> {
  const { args, env } = finlinkServer(dataDir);
  const inherited = { ...process.env };
  for (const name of FINLINK_UNSET_ENV) delete inherited[name];
  const server = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: "inherit" });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Finlink exited with ${server.exitCode} before answering`);
    const ok = await fetch(`${FINLINK_ORIGIN}/api/v1/openapi.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill("SIGKILL");
  throw new Error(`Finlink did not answer on ${FINLINK_ORIGIN} within 120 s (is port 4710 taken?)`);
}

/** The sandbox app's first redirect id: what `/link?id=` needs. */
async function redirectId(): Promise<string> {
  const json = async <T>(res: Response): Promise<T> => {
    if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { token } = await json<{ token: string }>(
    await fetch(`${FINLINK_ORIGIN}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret }),
    }),
  );
  const app = await json<{ redirects: { id: string }[] }>(
    await fetch(`${FINLINK_ORIGIN}/api/v1/queries/app`, { headers: { authorization: `Bearer ${token}` } }),
  );
  const id = app.redirects[0]?.id;
  if (!id) throw new Error("The sandbox app has no redirect");
  return id;
}

/**
 * Milliseconds from navigation start (the page's `performance.timeOrigin`) to the consent screen's heading
 * being rendered and visible, read in the page on every animation frame: no round trip to the test adds to it.
 * Then Continue at once, and the milliseconds from navigation start to the entity list's heading.
 */
async function timeLoads(url: string): Promise<{ samples: number[]; next: number[]; browserVersion: string }> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const samples: number[] = [];
    const next: number[] = [];
    // The first load is untimed: it warms the server's file reads and Chromium's process pool.
    for (let i = 0; i <= LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 400, height: 740 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      const ms = await page.waitForFunction(headingShownAt, HEADING, { polling: "raf", timeout: 15_000 });
      await page.getByRole("button", { name: "Continue", exact: true }).click();
      const then = await page.waitForFunction(headingShownAt, NEXT_HEADING, { polling: "raf", timeout: 15_000 });
      if (i > 0) {
        samples.push(Number(await ms.jsonValue()));
        next.push(Number(await then.jsonValue()));
      }
      await context.close();
    }
    return { samples, next, browserVersion: browser.version() };
  } finally {
    await browser.close();
  }
}

interface SizeReport {
  budget: { initialJsGzip: number };
  totals: Record<"initialJs" | "css" | "lazyJs", { raw: number; gzip: number }>;
}

/** The sizes of what the first screen loads (and of the lazy screens), from the report the widget's build writes. */
function sizeRows(): string[][] {
  const file = join(LINK_DIST, "size-report.json");
  if (!existsSync(file)) return [["size-report.json is missing: rebuild the widget", "", ""]];
  const { budget, totals } = JSON.parse(readFileSync(file, "utf8")) as SizeReport;
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return [
    ["initial JS", kb(totals.initialJs.gzip), kb(totals.initialJs.raw)],
    ["initial CSS", kb(totals.css.gzip), kb(totals.css.raw)],
    ["lazy JS (later screens)", kb(totals.lazyJs.gzip), kb(totals.lazyJs.raw)],
    ["initial JS budget", kb(budget.initialJsGzip), ""],
  ];
}

if (!existsSync(join(LINK_DIST, "index.html"))) {
  console.error("The Link widget is not built: run `pnpm --filter @finlink/link build` first.");
  process.exit(1);
}
const tmp = mkdtempSync(join(os.tmpdir(), "finlink-bench-"));
const server = await startFinlink(join(tmp, "data"));
let loads: Awaited<ReturnType<typeof timeLoads>>;
try {
  loads = await timeLoads(`${FINLINK_ORIGIN}/link?id=${await redirectId()}&lang=en`);
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(tmp, { recursive: true, force: true });
}

const { samples, next, browserVersion } = loads;
const row = (label: string, values: number[]) => [
  label,
  String(values.length),
  ...[0.5, 0.95].map((p) => percentile(values, p).toFixed(0)),
  Math.min(...values).toFixed(0),
  Math.max(...values).toFixed(0),
];
const timing = markdownTable([
  ["screen", "loads", "p50 (ms)", "p95 (ms)", "min (ms)", "max (ms)"],
  row("consent (first screen)", samples),
  row("entity list, Continue pressed at once", next),
]);
const sizes = markdownTable([["asset", "gzip (KB)", "raw (KB)"], ...sizeRows()]);
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const report = `# Link widget: time to the first screen

Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${os.cpus().length} threads, load average
${os.loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}, Chromium ${browserVersion} (headless).

${timing}

${sizes}

- Each load opens \`/link?id=<redirect>&lang=en\` in a fresh browser context (no cache: a first visit) from the
  sandbox Finlink on 127.0.0.1, and times from navigation start to the "${HEADING}" heading being visible —
  HTML, the initial JS and CSS, the session call and the first render — then presses Continue at once and times
  (still from navigation start) the "${NEXT_HEADING}" heading: the entity screen's chunk and the entity list.
  One untimed load first. Before the consent screen (2026-11-30) the first screen was the entity list.
- Sizes come from \`apps/link/dist/size-report.json\`, written by the widget's build.
`;
console.log(report);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/link-load.md", import.meta.url), report);
console.error("written to bench/results/link-load.md");
