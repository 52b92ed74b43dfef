import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { constants, gzipSync } from "node:zlib";
import { REPO_ROOT } from "../e2e/servers";
import { machineLine, markdownTable, writeResult } from "./measure";

/** Issue 11: the SPA's first page loads at most this much JavaScript, gzipped. */
const BUDGET_JS_GZIP = 170 * 1024;
const WEB_DIST = `${REPO_ROOT}apps/web/dist`;

interface Asset {
  file: string;
  kind: "entry" | "modulepreload" | "css" | "lazy";
  raw: number;
  /** Level 9, as a precompressing build step would serve it. */
  gzip9: number;
  /** zlib's default level (6), what an on-the-fly compressing server sends. */
  gzip6: number;
}

/** What index.html makes the browser fetch before the first render: its module entry, the modulepreloads, the stylesheets. */
function initialAssets(html: string): { file: string; kind: Asset["kind"] }[] {
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]+)"`))?.[1];
  const found: { file: string; kind: Asset["kind"] }[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const src = attr(tag, "src");
    const href = attr(tag, "href");
    const rel = attr(tag, "rel");
    if (tag.startsWith("<script") && attr(tag, "type") === "module" && src) found.push({ file: src, kind: "entry" });
    else if (rel === "modulepreload" && href) found.push({ file: href, kind: "modulepreload" });
    else if (rel === "stylesheet" && href) found.push({ file: href, kind: "css" });
  }
  return found.map(({ file, kind }) => ({ file: file.replace(/^\//, ""), kind }));
}

function measure(file: string, kind: Asset["kind"]): Asset {
  const bytes = readFileSync(join(WEB_DIST, file));
  return {
    file,
    kind,
    raw: bytes.length,
    gzip9: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length,
    gzip6: gzipSync(bytes).length,
  };
}

console.error("building apps/web…");
const build = spawnSync(`${REPO_ROOT}node_modules/.bin/pnpm`, ["--filter", "@finlink/web", "build"], {
  cwd: REPO_ROOT,
  stdio: ["ignore", "inherit", "inherit"],
});
if (build.status !== 0) throw new Error(`the web build failed (exit ${build.status})`);

const listed = initialAssets(readFileSync(join(WEB_DIST, "index.html"), "utf8"));
if (!listed.some((a) => a.kind === "entry")) throw new Error("apps/web/dist/index.html has no module entry script");
const initial = listed.map(({ file, kind }) => measure(file, kind));
const initialFiles = new Set(initial.map((a) => a.file));
const lazy = readdirSync(join(WEB_DIST, "assets"))
  .map((name) => `assets/${name}`)
  .filter((file) => file.endsWith(".js") && !initialFiles.has(file))
  .map((file) => measure(file, "lazy"));

/** The chunks `file` imports statically (`import{…}from"./x.js"`, `import"./x.js"`), as dist paths. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(WEB_DIST, file), "utf8");
  return [...code.matchAll(/(?:from|import)\s*["`']\.\/([^"`']+\.js)["`']/g)].map((m) => `assets/${m[1]}`);
}

/** `files` and every chunk they load statically, transitively. */
function closure(files: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...files];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return seen;
}

// Issue 15: the charts (one lazy chunk per chart component, named after it) and what only they load: the
// chart library. Anything the first page already loads is not theirs.
const CHART_MODULE = /^assets\/(balance|bar-list|flows|donut)-chart-[\w-]+\.js$/;
/** The chunks `file` loads on demand (`import("./x.js")`): the entry's are the lazy routes. */
const dynamicImports = (file: string) =>
  [...readFileSync(join(WEB_DIST, file), "utf8").matchAll(/import\(["`']\.\/([^"`']+\.js)["`']\)/g)].map(
    (m) => `assets/${m[1]}`,
  );
const initialJs = [...initialFiles].filter((f) => f.endsWith(".js"));
// The first page and the routes: the charts' own chunks are what neither of them loads by itself.
const firstPage = closure([...initialJs, ...initialJs.flatMap(dynamicImports)]);
const chartFiles = closure(lazy.map((a) => a.file).filter((f) => CHART_MODULE.test(f)));
const charts = lazy.filter((a) => chartFiles.has(a.file) && !firstPage.has(a.file));
if (charts.length === 0)
  throw new Error("no chart chunks found in apps/web/dist/assets (were the chart modules renamed?)");

const sum = (assets: Asset[]) => ({
  raw: assets.reduce((n, a) => n + a.raw, 0),
  gzip9: assets.reduce((n, a) => n + a.gzip9, 0),
  gzip6: assets.reduce((n, a) => n + a.gzip6, 0),
});
const js = sum(initial.filter((a) => a.kind !== "css"));
const css = sum(initial.filter((a) => a.kind === "css"));
const lazyTotal = sum(lazy);
const chartTotal = sum(charts);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const verdict = (bytes: number) => (bytes <= BUDGET_JS_GZIP ? "PASS" : "OVER");
const bytes = (n: number) => n.toLocaleString("en");

const files = markdownTable([
  ["file", "kind", "raw (bytes)", "gzip -9 (bytes)", "gzip -6 (bytes)"],
  ...[...initial, ...lazy].map((a) => [
    a.file,
    charts.includes(a) ? "lazy (chart)" : a.kind,
    bytes(a.raw),
    bytes(a.gzip9),
    bytes(a.gzip6),
  ]),
]);
const totals = markdownTable([
  ["total", "raw (KB)", "gzip -9 (KB)", "gzip -6 (KB)", `budget ${kb(BUDGET_JS_GZIP)} KB gzip`],
  [
    "initial JS (entry + modulepreloads)",
    kb(js.raw),
    kb(js.gzip9),
    kb(js.gzip6),
    `${verdict(js.gzip9)} at -9, ${verdict(js.gzip6)} at -6`,
  ],
  ["initial CSS", kb(css.raw), kb(css.gzip9), kb(css.gzip6), ""],
  [
    `lazy JS (${lazy.length} chunk${lazy.length === 1 ? "" : "s"}, not in the first page)`,
    kb(lazyTotal.raw),
    kb(lazyTotal.gzip9),
    kb(lazyTotal.gzip6),
    "",
  ],
  [
    `of which the charts (${charts.length} chunks: the chart components and the library only they load)`,
    kb(chartTotal.raw),
    kb(chartTotal.gzip9),
    kb(chartTotal.gzip6),
    "",
  ],
]);

writeResult(
  "web-size",
  `# Demo SPA: the first page's JavaScript and CSS

${machineLine()}

${totals}

${files}

- Built with \`pnpm --filter @finlink/web build\`; the initial files are those \`apps/web/dist/index.html\`
  names: its \`<script type="module">\` entry, its \`<link rel="modulepreload">\` chunks and its stylesheets.
  Lazy chunks (routes loaded on navigation) are listed but not counted. The charts' chunks are the lazy
  chart components (\`*-chart-*.js\`) and every chunk they import statically that the first page does not.
- gzip by \`node:zlib\`, each file on its own: level 9 (\`-9\`, precompressed) and zlib's default, 6 (\`-6\`).
  KB = 1,024 bytes; the budget (issue 11) is ${kb(BUDGET_JS_GZIP)} KB of initial JavaScript, gzipped.
`,
);
