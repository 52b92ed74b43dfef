import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, PGLITE_SHARED_BUFFERS } from "./database";
import { app, notes, type schema, serverUrl, temporaryDatabase } from "./test-fixtures/schema";

const run = promisify(execFile);

type Opened = { database: Database<typeof schema>; url: string | undefined; drop: () => Promise<void> };

const backends: [string, () => Promise<Opened>][] = [
  [
    "pglite",
    async () => ({ database: await openDatabase({ memory: true }, app), url: undefined, drop: async () => {} }),
  ],
];
if (serverUrl)
  backends.push([
    "postgres",
    async () => {
      const temporary = await temporaryDatabase();
      return { database: await openDatabase({ url: temporary.url }, app), ...temporary };
    },
  ]);

describe.each(backends)("openDatabase (%s)", (_name, open) => {
  let opened: Opened;
  const rows = (ids: number[]) =>
    opened.database.db.select().from(notes).where(inArray(notes.id, ids)).orderBy(asc(notes.id));
  beforeAll(async () => {
    opened = await open();
    await opened.database.sql.exec("create table notes (id integer primary key, body text not null)");
  });
  afterAll(async () => {
    await opened?.database.close();
    await opened?.drop();
  });

  it("commits a transaction's drizzle and raw SQL writes together", async () => {
    await opened.database.transaction(async (tx, sql) => {
      await tx.insert(notes).values({ id: 1, body: "drizzle" });
      await sql.query("insert into notes (id, body) values ($1, $2)", [2, "raw"]);
    });
    expect(await rows([1, 2])).toEqual([
      { id: 1, body: "drizzle" },
      { id: 2, body: "raw" },
    ]);
  });

  it("rolls back both when the callback throws", async () => {
    const failing = opened.database.transaction(async (tx, sql) => {
      await tx.insert(notes).values({ id: 3, body: "drizzle" });
      await sql.query("insert into notes (id, body) values ($1, $2)", [4, "raw"]);
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(await rows([3, 4])).toEqual([]);
    // The database is usable afterwards: the failed transaction left nothing open.
    await opened.database.db.insert(notes).values({ id: 3, body: "after" });
    expect(await rows([3])).toEqual([{ id: 3, body: "after" }]);
  });

  it("runs a multi-statement script and answers the last statement's rows", async () => {
    const result = await opened.database.sql.exec(
      "insert into notes (id, body) values (5, 'five'); select body from notes where id = 5",
    );
    expect(result.rows).toEqual([{ body: "five" }]);
    expect((await opened.database.sql.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });

  it("names its kind, and its connection string on PostgreSQL only", () => {
    expect(opened.database.kind).toBe(opened.url ? "postgres" : "pglite");
    expect(opened.database.url).toBe(opened.url);
  });
});

describe("openDatabase on a PGlite data directory", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const parent = mkdtempSync(join(tmpdir(), "db-kit-data-"));
    dirs.push(parent);
    return join(parent, "data");
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("holds the lock while open, releases it on close, and keeps the data for the next open", async () => {
    const dir = dataDir();
    const first = await openDatabase({ dataDir: dir }, app);
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await first.sql.exec("create table notes (id integer primary key, body text not null)");
    await first.db.insert(notes).values({ id: 1, body: "kept" });
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const second = await openDatabase({ dataDir: dir }, app);
    try {
      expect(await second.db.select().from(notes)).toEqual([{ id: 1, body: "kept" }]);
    } finally {
      await second.close();
    }
  });

  it("refuses a directory a live process holds, naming the app's setting, and leaves its lock alone", async () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, "1"); // pid 1 is always alive
    await expect(openDatabase({ dataDir: dir }, app)).rejects.toThrow(/in use by process 1.*KIT_DATABASE_URL/s);
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe("1");
    expect(existsSync(dir)).toBe(false);
  });

  it("creates a new directory in a process of its own: initdb's WASM memory is not left in this one", async () => {
    // In a fresh process, so no other instance's memory is counted or collected meanwhile.
    const script = `
      const { openDatabase } = await import(${JSON.stringify(new URL("./database.ts", import.meta.url).href)});
      const database = await openDatabase({ dataDir: ${JSON.stringify(dataDir())} }, { schema: {}, urlSetting: "X" });
      const { rows } = await database.sql.query("select 1 as one");
      process.stdout.write(JSON.stringify({ rows, external: process.memoryUsage().external }));
      await database.close();`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    const { rows, external } = JSON.parse(stdout) as { rows: unknown[]; external: number };
    expect(rows).toEqual([{ one: 1 }]);
    // initdb run in that process left ~650 MB of external memory (WASM memory never shrinks); opened, ~150 MB.
    expect(external).toBeLessThan(300 * 1024 * 1024);
  });

  it("runs PGlite with a small buffer pool, in a directory and in memory alike", async () => {
    for (const options of [{ dataDir: dataDir() }, { memory: true as const }]) {
      const database = await openDatabase(options, app);
      try {
        expect((await database.sql.query("show shared_buffers")).rows).toEqual([
          { shared_buffers: PGLITE_SHARED_BUFFERS },
        ]);
      } finally {
        await database.close();
      }
    }
  });

  it("releases the lock when PGlite cannot open the directory", async () => {
    const dir = dataDir();
    writeFileSync(dir, "a file where the directory should be");
    await expect(openDatabase({ dataDir: dir }, app)).rejects.toThrow();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});

describe("the write tracker", () => {
  it("moves on PGlite when db, sql or a transaction starts and ends, and not for reads", async () => {
    const database = await openDatabase({ memory: true }, app);
    try {
      const writes = database.writes;
      if (!writes) throw new Error("PGlite has a write tracker");
      await database.sql.exec("create table notes (id integer primary key, body text not null)");
      const moves = async (run: () => Promise<unknown>) => {
        const before = writes.generation;
        await run();
        return writes.generation - before;
      };
      expect(await moves(() => database.db.insert(notes).values({ id: 1, body: "a" }))).toBe(2);
      expect(await moves(() => database.sql.query("update notes set body = 'b' where id = 1"))).toBe(2);
      expect(await moves(() => database.sql.exec("update notes set body = 'c'; select 1"))).toBe(2);
      expect(await moves(() => database.reads.select().from(notes))).toBe(0);
      let during = { inFlight: -1, generation: -1 };
      const before = writes.generation;
      await database.transaction(async (tx) => {
        await tx.update(notes).set({ body: "d" });
        during = { inFlight: writes.inFlight, generation: writes.generation };
      });
      expect(during).toEqual({ inFlight: 1, generation: before + 1 });
      expect(writes).toMatchObject({ inFlight: 0, generation: before + 2 });
      // A failed statement ends too.
      await expect(database.sql.query("select * from no_such_table")).rejects.toThrow();
      expect(writes).toMatchObject({ inFlight: 0, generation: before + 4 });
      // And the reads see what the tracked statements wrote, on the same connection.
      expect(await database.reads.select().from(notes)).toEqual([{ id: 1, body: "d" }]);
    } finally {
      await database.close();
    }
  });

  it.runIf(serverUrl)("is absent on PostgreSQL (other processes write there); reads are db itself", async () => {
    const temporary = await temporaryDatabase();
    const database = await openDatabase({ url: temporary.url }, app);
    try {
      expect(database.writes).toBeUndefined();
      expect(database.reads).toBe(database.db);
    } finally {
      await database.close();
      await temporary.drop();
    }
  });
});
