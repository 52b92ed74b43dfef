import pg from "pg";

export interface TemporaryDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * A throwaway database on the PostgreSQL server at `serverUrl`, named `<prefix>_<random>`: tests running
 * in parallel each get their own, and it is dropped afterwards. Each app has its own prefix
 * (`finlink_test`, `bff_test`), so a leftover database says whose test left it.
 *
 * @example
 * const temporary = await createTemporaryDatabase("postgres://postgres@127.0.0.1:5432/postgres", "bff_test");
 * await temporary.drop();
 */
export async function createTemporaryDatabase(serverUrl: string, prefix: string): Promise<TemporaryDatabase> {
  // The name goes into SQL as an identifier: only lower-case letters, digits and underscores.
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`Not a database-name prefix: ${prefix}`);
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
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
