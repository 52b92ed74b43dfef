import pg from "pg";
import { describe, expect, it } from "vitest";
import { serverUrl } from "../test-fixtures/schema";
import { createTemporaryDatabase } from "./temporary-database";

const databasesNamed = async (name: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("select count(*)::int as n from pg_database where datname = $1", [name]))
      .rows[0]?.n;
  } finally {
    await client.end();
  }
};

describe("createTemporaryDatabase", () => {
  it("refuses a prefix that is not a plain identifier, before reaching any server", async () => {
    await expect(
      createTemporaryDatabase("postgres://nobody@127.0.0.1:1/x", "x; drop database postgres"),
    ).rejects.toThrow(/Not a database-name prefix/);
  });

  it.skipIf(!serverUrl)(
    "makes a database named after the prefix at a URL on the same server, and drops it",
    async () => {
      const temporary = await createTemporaryDatabase(serverUrl ?? "", "db_kit_test");
      const name = new URL(temporary.url).pathname.slice(1);
      expect(name).toMatch(/^db_kit_test_[0-9a-f]{32}$/);
      expect(new URL(temporary.url).host).toBe(new URL(serverUrl ?? "").host);
      const client = new pg.Client({ connectionString: temporary.url });
      await client.connect();
      const current = await client.query<{ name: string }>("select current_database() as name");
      await client.end();
      await temporary.drop();
      expect(current.rows[0]?.name).toBe(name);
      expect(await databasesNamed(name)).toBe(0);
    },
  );
});
