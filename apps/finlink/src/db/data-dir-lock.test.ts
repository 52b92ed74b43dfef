import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock } from "./data-dir-lock";

describe("acquireDataDirLock", () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), "finlink-lock-")), "data");

  it("refuses a directory held by a live process, naming it and the way out", async () => {
    const dataDir = dir();
    writeFileSync(`${dataDir}.lock`, "1"); // pid 1 is always alive
    await expect(acquireDataDirLock(dataDir)).rejects.toThrow(/in use by process 1.*DATABASE_URL/s);
  });

  it("takes over a lock left by a dead process and releases it", async () => {
    const dataDir = dir();
    writeFileSync(`${dataDir}.lock`, "999999999");
    const release = await acquireDataDirLock(dataDir);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
