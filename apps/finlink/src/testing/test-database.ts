import pg from "pg";

/**
 * A throwaway database on the PostgreSQL server at `serverUrl`: tests running in parallel each get
 * their own, and it is dropped afterwards.
 */
export async function createTemporaryDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `finlink_test_${crypto.randomUUID().replaceAll("-", "")}`;
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
