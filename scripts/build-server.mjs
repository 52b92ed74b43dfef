// Compiles a server (Finlink or the BFF) for `npm start`: its `src/cli.ts` and the workspace packages it imports
// (TypeScript sources) bundled by esbuild into `dist/cli.js`; the packages the app declares as dependencies stay
// in node_modules and are imported at run time. See docs/decisions/008-compiled-start.md.
//
//   node scripts/build-server.mjs [<app dir> …]          (default: the current directory)
//   node scripts/build-server.mjs --out <file> <app dir>  (one app, bundled elsewhere: the tests')
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * The sources find files beside them through `import.meta.url` (migrations, guides, logos, the config's repo
 * root): in one bundle every module would see the bundle's own URL. Each module's `import.meta.url` becomes its
 * source file's URL, relative to the bundle so the checkout can move.
 */
const sourceUrls = (outdir) => ({
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.split(sep).includes("node_modules")) return undefined;
      const fromBundle = relative(outdir, args.path).split(sep).join("/");
      const source = readFileSync(args.path, "utf8");
      return {
        contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: args.path.endsWith("x") ? "tsx" : "ts",
      };
    });
  },
});

/**
 * Node's flags for a server's process. V8 lets its young generation grow to 16 MB per semi-space while the
 * modules load, and keeps it: 4 MB measured ~40 MB less RSS at idle and after `user_big` on Finlink with the
 * same status throughput (bench/results/memory.md). The packages' `start` scripts spell the same flags.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];

/** Builds `<appDir>/src/cli.ts` into `outfile` (default `<appDir>/dist/cli.js`); answers the bundle's path. */
export async function buildServer(appDir, outfile = join(appDir, "dist", "cli.js")) {
  const manifest = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8"));
  const dependencies = Object.entries(manifest.dependencies ?? {});
  // Workspace packages are TypeScript sources: bundled. The rest resolve from the app's node_modules at run time.
  const external = dependencies.filter(([, spec]) => !String(spec).startsWith("workspace:")).map(([name]) => name);
  const { outputFiles } = await build({
    entryPoints: [join(appDir, "src", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    sourcemap: "linked",
    plugins: [sourceUrls(dirname(outfile))],
    logLevel: "warning",
    write: false,
  });
  // Renamed into place: a server starting meanwhile (`start` and `worker` both build) never reads half a file.
  mkdirSync(dirname(outfile), { recursive: true });
  for (const { path, contents } of outputFiles) {
    writeFileSync(`${path}.${process.pid}.tmp`, contents);
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
  const dirs = positionals.length ? positionals : ["."];
  if (values.out && dirs.length !== 1) throw new Error("--out builds one app: name one app directory");
  const built = await Promise.all(
    dirs.map((dir) => buildServer(resolve(dir), values.out === undefined ? undefined : resolve(values.out))),
  );
  for (const file of built) process.stderr.write(`built ${relative(repoRoot, file)}\n`);
}
