import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock } from "./data-dir-lock";

describe("acquireDataDirLock", () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), "db-kit-lock-")), "nested", "data");

  it("refuses a directory held by a live process, naming it and the app's way out", async () => {
    const dataDir = dir();
    await acquireDataDirLock(dataDir, "X").then((release) => release()); // creates the parent folders
    writeFileSync(`${dataDir}.lock`, "1"); // pid 1 is always alive
    await expect(acquireDataDirLock(dataDir, "APP_DATABASE_URL")).rejects.toThrow(
      /in use by process 1.*set APP_DATABASE_URL to a PostgreSQL server/s,
    );
  });

  it("writes this process's pid, and creates the folder the lock goes in", async () => {
    const dataDir = dir();
    const release = await acquireDataDirLock(dataDir, "DATABASE_URL");
    expect(readFileSync(`${dataDir}.lock`, "utf8")).toBe(String(process.pid));
    release();
  });

  it("takes over a lock left by a dead process and releases it", async () => {
    const dataDir = dir();
    await acquireDataDirLock(dataDir, "X").then((release) => release());
    writeFileSync(`${dataDir}.lock`, "999999999");
    const release = await acquireDataDirLock(dataDir, "DATABASE_URL");
    expect(readFileSync(`${dataDir}.lock`, "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
