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

describe("finlink operators list | set-password | disable | enable | delete", { timeout: 300_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "finlink-operators-admin-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const run = (args: string[], stdin = "") =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "operators", ...args], {
      cwd: appDir,
      env: { ...embedded, FINLINK_DATA_DIR: dataDir },
      input: stdin,
      encoding: "utf8",
      timeout: 60_000,
    });
  const ok = (args: string[], stdin?: string) => {
    const done = run(args, stdin);
    expect(done.status, done.stderr).toBe(0);
    return JSON.parse(done.stdout);
  };
  const refused = (args: string[], message: string, stdin?: string) => {
    const done = run(args, stdin);
    expect(done.status, done.stdout).toBe(1);
    expect(done.stderr).toContain(message);
  };

  it("manages an operator by username, and refuses an unknown one with a clear message", () => {
    ok(["create", "ana"], "a long enough password\n");
    ok(["create", "bob"], "another long password\n");
    const listed = run(["list"]);
    expect(listed.stdout).not.toMatch(/scrypt|password/i);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { username: "ana", locked: false, lockedUntil: null, disabled: false },
      { username: "bob", locked: false, disabled: false },
    ]);

    expect(ok(["set-password", "ANA"], "a new long password\nignored\n")).toEqual({ username: "ana" });
    refused(["set-password", "ana"], "at least 12", "short\n");
    expect(ok(["disable", "bob"])).toEqual({ username: "bob", disabled: true });
    expect(ok(["list"])[1]).toMatchObject({ username: "bob", disabled: true });
    expect(ok(["enable", "bob"])).toEqual({ username: "bob", disabled: false });
    expect(ok(["delete", "bob"])).toEqual({ username: "bob", deleted: true });
    expect(ok(["list"]).map((o: { username: string }) => o.username)).toEqual(["ana"]);

    for (const sub of ["set-password", "disable", "enable", "delete"]) {
      refused([sub, "bob"], "There is no operator named 'bob'", "a long enough password\n");
    }
    refused(["disable"], "operators disable takes one username");
    refused(["set-password", "ana", "bob"], "operators set-password takes one username", "a long enough password\n");
    const unknown = run(["rename", "ana"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("operators set-password <username>");
  });
});
