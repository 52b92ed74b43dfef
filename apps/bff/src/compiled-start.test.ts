import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("../", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const { APP_DATABASE_URL: _database, NODE_OPTIONS: _options, ...plain } = process.env;

// The BFF as `npm start` runs it (scripts/build-server.mjs, then plain node): see
// apps/finlink/src/compiled-start.test.ts for Finlink's, which also checks the files read beside the sources.
describe("the BFF's compiled start", { timeout: 120_000 }, () => {
  const outDir = join(appDir, "dist", `test-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), "bff-compiled-"));
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("bundles @finlink/node and its jose, and answers its API from plain node", async () => {
    const bundle = join(outDir, "cli.js");
    execFileSync(process.execPath, ["scripts/build-server.mjs", "--out", bundle, appDir], { cwd: repoRoot });
    const declared = Object.keys(JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")).dependencies);
    const imported = [...readFileSync(bundle, "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    const outside = imported.filter(
      (s = "") =>
        !s.startsWith("node:") &&
        !builtinModules.includes(s) &&
        !declared.some((d) => s === d || s.startsWith(`${d}/`)),
    );
    expect(outside).toEqual([]);
    expect(imported.filter((s) => s?.startsWith("@finlink/") || s === "jose")).toEqual([]);

    const env = { ...plain, APP_PORT: "0", APP_DATA_DIR: join(dataDir, "bff"), FINLINK_URL: "http://127.0.0.1:9" };
    const child = spawn(process.execPath, [bundle, "start"], {
      cwd: appDir,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let port = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === "BFF listening") {
          port = entry.port ?? 0;
          break;
        }
      }
      const me = await fetch(`http://127.0.0.1:${port}/api/me`);
      expect(me.status).toBe(401);
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
  });
});
