import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase } from "../db/database";
import { migrate, migrationsFolder } from "../db/migrate";

/**
 * A throwaway database on the PostgreSQL server at `serverUrl`, named `bff_test_…` (Finlink's tests make
 * `finlink_test_…` ones): tests in parallel each get their own, dropped afterwards.
 */
export async function createTemporaryDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bff_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * A dumped PGlite data directory with the BFF's migrations applied, cached in the OS temp dir by their hash:
 * a fresh in-memory PGlite starts from it in about a second instead of running initdb.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json"))
      hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  const path = join(tmpdir(), `bff-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    const database = await openDatabase({ memory: true });
    await migrate(database);
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
