import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Takes `<dataDir>.lock` holding this process's pid. A lock left by a process that no longer runs is
 * taken over; one held by a live process fails with a message that says what to do instead, naming the
 * app's setting for a PostgreSQL server (`urlSetting`, e.g. `DATABASE_URL`).
 *
 * @example
 * const release = await acquireDataDirLock("./data/finlink", "DATABASE_URL");
 */
export async function acquireDataDirLock(dataDir: string, urlSetting: string): Promise<() => void> {
  const lockPath = `${dataDir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${holder}. ` +
            `Only one process can open it: stop that process, or set ${urlSetting} to a PostgreSQL server to run several.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
