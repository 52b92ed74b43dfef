// The status endpoint's bare parts, served alone for bench/status-parts.ts: Hono on @hono/node-server, jose's ES256
// verification of a Bearer token, and one keyed select of a small table — on a PGlite data directory, or on the
// PostgreSQL database at DATABASE_URL through a `pg` pool of the size Finlink's is. `hello` is Hono answering a
// constant JSON body. Each runs in a process of its own (as Finlink does), spawned by the bench, never beside the
// load generator. It prints one JSON line when it listens: the URL to load and the headers to send.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from "jose";
import pg from "pg";

const [kind = "hello", portText = "0"] = process.argv.slice(2);
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

interface Store {
  query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

async function openStore(): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { query: (text, params) => pool.query(text, params), close: () => pool.end() };
  }
  const dir = mkdtempSync(join(os.tmpdir(), "finlink-bench-bare-"));
  const client = await PGlite.create(join(dir, "data"));
  return {
    query: (text, params) => client.query(text, params),
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const app = new Hono();
  let store: Store | undefined;
  let headers: Record<string, string> = {};
  let path = "/hello";
  if (kind === "hello") {
    app.get("/hello", (c) => c.json({ hello: "world" }));
  } else if (kind === "parts") {
    store = await openStore();
    const db = store;
    await db.query(
      `create table if not exists bare_connections (token_hash text primary key, id uuid not null, status text not null,
        entity text not null, external_id text, created_at timestamptz not null, updated_at timestamptz not null)`,
      [],
    );
    // A small table: the few connections one app has in the bench's Finlink, and some more.
    const tokens = Array.from({ length: 100 }, () => `con_${crypto.randomUUID()}`);
    for (const token of tokens)
      await db.query("insert into bare_connections values ($1, $2, 'READY', 'sandbox_bank', 'user', now(), now())", [
        sha256(token),
        crypto.randomUUID(),
      ]);
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    // Imported from its JWK, as a verifier that loaded a stored key holds it.
    const verifyKey = await importJWK(await exportJWK(publicKey), "ES256");
    const token = await new SignJWT({ scope: "read write delete" })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "bench" })
      .setSubject(crypto.randomUUID())
      .setAudience("finlink-api")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    app.get("/api/v1/queries/connections/:token", async (c) => {
      const bearer = c.req.header("Authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!bearer) return c.json({ error: "no token" }, 401);
      try {
        await jwtVerify(bearer, verifyKey, { algorithms: ["ES256"], typ: "at+jwt", audience: "finlink-api" });
      } catch {
        return c.json({ error: "invalid token" }, 401);
      }
      const { rows } = await db.query(
        "select id, status, entity, external_id, created_at, updated_at from bare_connections where token_hash = $1",
        [sha256(c.req.param("token"))],
      );
      const row = rows[0];
      return row ? c.json(row) : c.json({ error: "not found" }, 404);
    });
    path = `/api/v1/queries/connections/${tokens[42]}`;
    headers = { authorization: `Bearer ${token}` };
  } else throw new Error(`unknown kind ${kind}: hello or parts`);

  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(portText) }, (info) => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}${path}`, headers }));
  });
  const stop = () => {
    server.close();
    void store?.close().finally(() => process.exit(0));
    if (!store) process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
