import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database, Schema } from "../database";

export interface TemplateOptions<S extends Schema> {
  /** The cache file's prefix in the OS temp dir (`<name>-<hash>.tar`), e.g. `finlink-pglite`. */
  name: string;
  /** The migrations whose `.sql` and `.json` files key the cache: a new migration makes a new template. */
  migrationsFolder: string;
  /** Opens an in-memory PGlite and brings it to the state tests start from (migrated, queues created). */
  build: () => Promise<Database<S>>;
}

/**
 * A dumped PGlite data directory in the state `build` leaves, cached in the OS temp dir by the
 * migrations' hash: a fresh in-memory PGlite starts from it (`{ memory: true, template }`) in about a
 * second instead of running initdb.
 *
 * @example
 * const template = await pgliteTemplate({ name: "bff-pglite", migrationsFolder, build });
 */
export async function pgliteTemplate<S extends Schema>(options: TemplateOptions<S>): Promise<Blob> {
  const hash = createHash("sha256");
  for (const file of readdirSync(options.migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json"))
      hash.update(file).update(readFileSync(join(options.migrationsFolder, file)));
  }
  const path = join(tmpdir(), `${options.name}-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    const database = await options.build();
    if (database.kind !== "pglite") {
      await database.close();
      throw new Error("pgliteTemplate's build must open an in-memory PGlite");
    }
    const client = (database.reads as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("none");
    await database.close();
    // Written aside and renamed: test files starting in parallel never read half a file.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, path);
    return blob;
  }
}
