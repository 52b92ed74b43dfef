import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database";
import { migrate } from "./migrate";
import { app, migrationsFolder, notes, type schema, serverUrl, temporaryDatabase } from "./test-fixtures/schema";

type Opened = { database: Database<typeof schema>; drop: () => Promise<void> };

const backends: [string, () => Promise<Opened>][] = [
  ["pglite", async () => ({ database: await openDatabase({ memory: true }, app), drop: async () => {} })],
];
if (serverUrl)
  backends.push([
    "postgres",
    async () => {
      const temporary = await temporaryDatabase();
      return { database: await openDatabase({ url: temporary.url }, app), drop: temporary.drop };
    },
  ]);

const journalRows = async (database: Database<typeof schema>, journalSchema: string) =>
  (await database.sql.query<{ n: number }>(`select count(*)::int as n from ${journalSchema}.__drizzle_migrations`))
    .rows[0]?.n;
const tableExists = async (database: Database<typeof schema>, name: string) =>
  (await database.sql.query<{ found: boolean }>("select to_regclass($1) is not null as found", [name])).rows[0]?.found;

describe.each(backends)("migrate (%s)", (_name, open) => {
  const opened: Opened[] = [];
  const fresh = async () => {
    const o = await open();
    opened.push(o);
    return o.database;
  };
  afterAll(async () => {
    for (const o of opened) {
      await o.database.close();
      await o.drop();
    }
  });

  it("applies the migrations once, with the journal in drizzle's default schema", async () => {
    const database = await fresh();
    await migrate(database, { folder: migrationsFolder, lockKey: 1 });
    await migrate(database, { folder: migrationsFolder, lockKey: 1 });
    expect(await database.db.select().from(notes)).toEqual([{ id: 0, body: "seeded by the migration" }]);
    expect(await journalRows(database, "drizzle")).toBe(1);
  });

  it("keeps the journal in the app's own schema when it names one", async () => {
    const database = await fresh();
    await migrate(database, { folder: migrationsFolder, journalSchema: "kit", lockKey: 2 });
    expect(await journalRows(database, "kit")).toBe(1);
    expect(await tableExists(database, "drizzle.__drizzle_migrations")).toBe(false);
  });
});

describe.skipIf(!serverUrl)("migrate on PostgreSQL", () => {
  it("waits for the app's advisory lock, so concurrent starts migrate one at a time", async () => {
    const temporary = await temporaryDatabase();
    const database = await openDatabase({ url: temporary.url }, app);
    const holder = new pg.Client({ connectionString: temporary.url });
    await holder.connect();
    try {
      await holder.query("select pg_advisory_lock(7042999)");
      let done = false;
      const migrating = migrate(database, { folder: migrationsFolder, lockKey: 7042999 }).then(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      expect(await tableExists(database, "notes")).toBe(false);
      await holder.query("select pg_advisory_unlock(7042999)");
      await migrating;
      expect(await journalRows(database, "drizzle")).toBe(1);
      // …and gives the lock back afterwards.
      const held = await holder.query(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
      );
      expect(held.rows[0].n).toBe(0);
    } finally {
      await holder.end();
      await database.close();
      await temporary.drop();
    }
  });
});
