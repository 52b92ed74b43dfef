import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("../../../", import.meta.url));
// The runner's own DATABASE_URL (PostgreSQL suites) would take the CLI away from its embedded database.
const { DATABASE_URL: _ignored, ...embedded } = process.env;

describe("finlink operators create", { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "finlink-operators-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const create = (args: string[], stdin: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "operators", "create", ...args], {
      cwd: appDir,
      env: { ...embedded, FINLINK_DATA_DIR: dataDir },
      input: stdin,
      encoding: "utf8",
      timeout: 60_000,
    });

  it("reads the password from stdin (first line), never argv, and refuses a second operator of the name", () => {
    const made = create(["Ana"], "a long enough password\nignored second line\n");
    expect(made.status, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ username: "ana" });
    expect(made.stdout).not.toContain("a long enough password");
    const again = create(["ana"], "another long password\n");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("exists already");
    const short = create(["bob"], "short\n");
    expect(short.status).toBe(1);
    expect(short.stderr).toContain("at least 12");
    const extra = create(["carl", "a long enough password"], "a long enough password\n");
    expect(extra.status).toBe(1);
    expect(extra.stderr).toContain("takes one username");
  });
});
