import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { startBoss } from "../jobs/boss";

const migrations = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * A dumped PGlite data directory with our migrations and pg-boss's schema applied, cached in the OS
 * temp dir by the migrations' hash: a fresh PGlite starts from it in ~1 s instead of running initdb.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrations, { recursive: true }).map(String).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(join(migrations, file)));
  }
  const path = join(tmpdir(), `finlink-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    const database = await openDatabase({ memory: true });
    await migrate(database);
    const boss = await startBoss(database, pino({ level: "silent" }), { supervise: false });
    await boss.stop({ graceful: false, wait: true });
    const client = (database.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("none");
    await database.close();
    // Written aside and renamed: test files starting in parallel never read half a file.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, path);
    return blob;
  }
}
