import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("../", import.meta.url));

// The runner's own DATABASE_URL (set for PostgreSQL suites) would take the CLI away from the embedded database.
const { DATABASE_URL: _ignored, ...embedded } = process.env;

/** `finlink <args>` as its own process (tsx, as `pnpm finlink` runs it), on an embedded database in `dataDir`. */
function finlink(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { cwd: appDir, env: { ...embedded, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The JSON document the command printed first (apps create adds a line about the secret after it). */
const printed = (stdout: string) => JSON.parse(stdout.slice(0, stdout.lastIndexOf("}") + 1)) as Record<string, unknown>;

// Each command is a process that migrates an embedded database first: seconds each on a 2-core machine.
describe("finlink apps create / apps update: the consent-screen links", { timeout: 120_000 }, () => {
  let dataDir: string;
  let production: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "finlink-cli-"));
    production = {
      FINLINK_DATA_DIR: dataDir,
      FINLINK_SANDBOX: "false",
      FINLINK_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("registers an app with its links, then sets, keeps and removes them; https only outside sandbox mode", async () => {
    const create = (...links: string[]) =>
      finlink(["apps", "create", "--name", "Shop", "--redirect-uri", "https://shop.example/cb", ...links], production);
    const refused = await create("--terms-url", "http://shop.example/terms");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The terms URL 'http://shop.example/terms' must use https");

    const created = await create(
      ...["--privacy-policy-url", "https://shop.example/privacy", "--terms-url", "https://shop.example/terms"],
    );
    expect(created.stderr).toBe("");
    const app = printed(created.stdout);
    expect(app).toMatchObject({
      name: "Shop",
      privacyPolicyUrl: "https://shop.example/privacy",
      termsUrl: "https://shop.example/terms",
    });
    const clientId = String(app.clientId);

    // Another process, the same database: the update reads back what the first one stored.
    const cleared = await finlink(["apps", "update", "--client-id", clientId, "--privacy-policy-url", ""], production);
    expect(cleared.stderr).toBe("");
    expect(printed(cleared.stdout)).toEqual({
      clientId,
      name: "Shop",
      privacyPolicyUrl: null,
      termsUrl: "https://shop.example/terms",
    });

    const insecure = await finlink(
      ["apps", "update", "--client-id", clientId, "--terms-url", "http://x.example"],
      production,
    );
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toContain("must use https");

    const nothing = await finlink(["apps", "update", "--client-id", clientId], production);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing to update: give --privacy-policy-url or --terms-url");

    const unknown = await finlink(
      ["apps", "update", "--client-id", crypto.randomUUID(), "--terms-url", ""],
      production,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No app has the client id");
  });

  it("takes http links in sandbox mode, as it does webhook URLs", async () => {
    const sandboxDir = join(dataDir, "sandbox");
    const args = ["apps", "create", "--name", "Dev", "--redirect-uri", "http://localhost:4020/cb"];
    const created = await finlink([...args, "--terms-url", "http://localhost:4020/terms"], {
      FINLINK_DATA_DIR: sandboxDir,
      FINLINK_SANDBOX: "true",
    });
    expect(created.stderr).toBe("");
    expect(printed(created.stdout)).toMatchObject({ termsUrl: "http://localhost:4020/terms", privacyPolicyUrl: null });
  });
});
