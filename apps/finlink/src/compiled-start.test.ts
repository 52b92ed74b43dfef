import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("../", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

// No loader may be inherited (vitest's, a developer's NODE_OPTIONS), nor another database.
const { DATABASE_URL: _database, NODE_OPTIONS: _options, ...plain } = process.env;

/**
 * `npm start`'s build (scripts/build-server.mjs), bundled one directory deeper than `dist/cli.js` (still in the
 * app, where its dependencies resolve), so paths found beside the sources must not depend on where the bundle is.
 */
function build(outDir: string): Promise<string> {
  const out = join(outDir, "cli.js");
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["scripts/build-server.mjs", "--out", out, appDir], { cwd: repoRoot }, (error) =>
      error ? reject(error) : resolve(out),
    ),
  );
}

/** `node <bundle> start` on port 0; resolves with its URL once it logs that it listens. */
function start(bundle: string, dataDir: string): { child: ChildProcess; url: Promise<string> } {
  // The console on a free port too (its default 4011 may be taken by another test's server).
  const env = { ...plain, FINLINK_PORT: "0", FINLINK_CONSOLE_PORT: "0", FINLINK_DATA_DIR: dataDir, LOG_LEVEL: "info" };
  const child = spawn(process.execPath, [bundle, "start"], { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      output += `${line}\n`;
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "Finlink listening") resolve(`http://127.0.0.1:${entry.port}`);
    });
  });
  return { child, url };
}

// A build, then a process that creates and migrates an embedded database: seconds on a 2-core machine.
describe("the servers' Node flags", () => {
  /** Each `node … dist/cli.js` a package's scripts run, by script name: the flags before the bundle. */
  const flagsOf = async (pkg: string) => {
    const { scripts } = JSON.parse(await readFile(join(repoRoot, pkg, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    return Object.entries(scripts).flatMap(([name, line]) =>
      [...line.matchAll(/\bnode((?: --\S+)*) dist\/cli\.js\b/g)].map((m) => [name, (m[1] ?? "").trim().split(" ")]),
    );
  };

  it("are the same in each package's own start scripts as in npm start's (SERVER_NODE_FLAGS)", async () => {
    const { SERVER_NODE_FLAGS } = (await import(join(repoRoot, "scripts/build-server.mjs"))) as {
      SERVER_NODE_FLAGS: string[];
    };
    expect(SERVER_NODE_FLAGS).toContain("--max-semi-space-size=4");
    const runs = [...(await flagsOf("apps/finlink")), ...(await flagsOf("apps/bff"))];
    expect(runs.map(([name]) => name).sort()).toEqual(["start", "start", "worker"]);
    for (const [name, flags] of runs) expect(flags, String(name)).toEqual(SERVER_NODE_FLAGS);
  });
});

describe("the compiled start (npm start runs JavaScript, no TypeScript loader)", { timeout: 120_000 }, () => {
  let dir: string;
  const outDir = join(appDir, "dist", `test-${process.pid}`);
  let bundle: string;
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "finlink-compiled-"));
    bundle = await build(outDir);
    const started = start(bundle, join(dir, "data"));
    server = started.child;
    url = await started.url;
  }, 120_000);
  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  });

  it("bundles the workspace packages and leaves only Node's modules and the app's own dependencies to import", async () => {
    const manifest = JSON.parse(await readFile(join(appDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const installed = Object.keys(manifest.dependencies).filter((name) => !name.startsWith("@finlink/"));
    const code = await readFile(bundle, "utf8");
    const imported = new Set([...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] as string));
    const packageOf = (specifier: string) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");
    const unexpected = [...imported].filter(
      (s) => !s.startsWith("node:") && !builtinModules.includes(s) && !installed.includes(packageOf(s)),
    );
    expect(imported.size).toBeGreaterThan(10);
    expect(unexpected).toEqual([]);
    expect(code).not.toMatch(/from "@finlink\//);
  });

  it("serves what it reads beside its sources: migrations applied, guides, logos, the docs bundle", async () => {
    // Listening means the migrations were found and applied, and the sandbox app seeded.
    const get = (path: string) => fetch(`${url}${path}`);
    const openapi = await get("/api/v1/openapi.json");
    expect(openapi.status).toBe(200);
    const guide = await get("/api/v1/docs/guides/link-flow");
    expect(guide.status).toBe(200);
    expect(await guide.text()).toContain("<h1");
    const logo = await get("/logos/sandbox_bank.svg");
    expect([logo.status, logo.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
    const docs = await (await get("/api/v1/docs")).text();
    const scalar = docs.match(/\/api\/v1\/docs\/assets\/scalar-api-reference-[\d.]+\.js/)?.[0];
    expect(scalar).toBeDefined();
    expect((await get(scalar as string)).status).toBe(200);
  });
});
