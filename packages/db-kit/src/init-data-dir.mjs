// `node init-data-dir.mjs <dataDir>`: creates an embedded database's data directory (PGlite's initdb) and exits.
// Run by openDatabase in a process of its own: initdb grows PGlite's WASM memory to ~600 MB, which a process
// never gives back (database.ts). Plain JavaScript, so it runs without a TypeScript loader.
import { PGlite } from "@electric-sql/pglite";

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: node init-data-dir.mjs <dataDir>");
const client = await PGlite.create(dataDir);
await client.close();
