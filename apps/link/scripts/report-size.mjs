// Measures what a browser must download before Link's first screen — the entry script, the chunks
// index.html modulepreloads, and its stylesheets — gzipped at level 9, prints a table, writes
// dist/size-report.json, and fails the build when the initial JavaScript is over budget.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";

/** Issue 13: initial JavaScript at most 25 KB gzipped (DESIGN.md's ceiling is 80 KB). */
const BUDGET_JS_GZIP = 25 * 1024;
const BASE = "/link/";
const dist = fileURLToPath(new URL("../dist/", import.meta.url));

const html = readFileSync(join(dist, "index.html"), "utf8");
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]+)"`))?.[1];
const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
const initial = [];
for (const tag of tags) {
  if (tag.startsWith("<script") && attr(tag, "type") === "module" && attr(tag, "src")) {
    initial.push({ kind: "js", url: attr(tag, "src") });
  } else if (tag.startsWith("<link") && attr(tag, "rel") === "modulepreload") {
    initial.push({ kind: "js", url: attr(tag, "href") });
  } else if (tag.startsWith("<link") && attr(tag, "rel") === "stylesheet") {
    initial.push({ kind: "css", url: attr(tag, "href") });
  }
}
if (!initial.some((entry) => entry.kind === "js")) {
  console.error("report-size: no entry script found in dist/index.html");
  process.exit(1);
}

const measure = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
};
const toFile = (url) => (url.startsWith(BASE) ? url.slice(BASE.length) : url.replace(/^\//, ""));
const files = initial.map(({ kind, url }) => ({ kind, ...measure(toFile(url)) }));
const initialFiles = new Set(files.map((f) => f.file));
const lazy = readdirSync(join(dist, "assets"))
  .map((name) => relative(dist, join(dist, "assets", name)))
  .filter((file) => file.endsWith(".js") && !initialFiles.has(file))
  .map((file) => ({ kind: "lazy js", ...measure(file) }));

const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const js = files.filter((f) => f.kind === "js");
const css = files.filter((f) => f.kind === "css");
const kb = (bytes) => (bytes / 1024).toFixed(1);
const totals = {
  initialJs: { raw: sum(js, "raw"), gzip: sum(js, "gzip") },
  css: { raw: sum(css, "raw"), gzip: sum(css, "gzip") },
  lazyJs: { raw: sum(lazy, "raw"), gzip: sum(lazy, "gzip") },
};

const rows = [...files, ...lazy].map((f) => [f.file, f.kind, String(f.raw), String(f.gzip)]);
const header = ["file", "kind", "raw bytes", "gzip bytes"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `initial JS: ${kb(totals.initialJs.gzip)} KB gzipped, CSS: ${kb(totals.css.gzip)} KB gzipped ` +
    `(lazy screens: ${kb(totals.lazyJs.gzip)} KB gzipped; budget ${kb(BUDGET_JS_GZIP)} KB)`,
);

const overBudget = totals.initialJs.gzip > BUDGET_JS_GZIP;
writeFileSync(
  join(dist, "size-report.json"),
  `${JSON.stringify({ budget: { initialJsGzip: BUDGET_JS_GZIP }, overBudget, totals, files, lazy }, null, 2)}\n`,
);
if (overBudget) {
  console.error(`report-size: initial JS is over the ${kb(BUDGET_JS_GZIP)} KB budget`);
  process.exit(1);
}
