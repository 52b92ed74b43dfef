import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../database";
import { migrate } from "../migrate";
import { app, migrationsFolder, notes } from "../test-fixtures/schema";
import { pgliteTemplate } from "./pglite-template";

describe("pgliteTemplate", () => {
  const folder = join(mkdtempSync(join(tmpdir(), "db-kit-migrations-")), "drizzle");
  cpSync(migrationsFolder, folder, { recursive: true });
  const name = `db-kit-test-${crypto.randomUUID()}`;
  let builds = 0;
  const template = () =>
    pgliteTemplate({
      name,
      migrationsFolder: folder,
      build: async () => {
        builds++;
        const database = await openDatabase({ memory: true }, app);
        await migrate(database, { folder, lockKey: 1 });
        await database.db.insert(notes).values({ id: builds, body: `build ${builds}` });
        return database;
      },
    });
  afterAll(() => {
    rmSync(join(folder, ".."), { recursive: true, force: true });
    for (const file of readdirSync(tmpdir())) if (file.startsWith(name)) rmSync(join(tmpdir(), file), { force: true });
  });
  const rowsOf = async (blob: Blob) => {
    const database = await openDatabase({ memory: true, template: blob }, app);
    try {
      return await database.db.select().from(notes).orderBy(notes.id);
    } finally {
      await database.close();
    }
  };

  it("starts a database in the state the build left, building once per set of migrations", async () => {
    const first = await template();
    const second = await template();
    expect(builds).toBe(1);
    const expected = [
      { id: 0, body: "seeded by the migration" },
      { id: 1, body: "build 1" },
    ];
    expect(await rowsOf(first)).toEqual(expected);
    expect(await rowsOf(second)).toEqual(expected);
  });

  it("builds again when a migration changes", async () => {
    writeFileSync(join(folder, "0001_more.sql"), "-- a new migration file changes the hash\n");
    const changed = await template();
    expect(builds).toBe(2);
    expect((await rowsOf(changed)).map((row) => row.id)).toEqual([0, 2]);
  });
});
