import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type Config, loadConfig, SANDBOX_DEFAULTS } from "../config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { closeServices, createServices } from "../services";
import { testBackends } from "../testing/backends";
import { pgliteTemplate } from "../testing/pglite-template";
import { createTemporaryDatabase } from "../testing/test-database";
import { Cipher } from "./crypto";
import { KeyStore } from "./keys";

const sandboxKey = Buffer.from(SANDBOX_DEFAULTS.encryptionKey, "base64url");

const configFor = (database: Config["database"], encryptionKey: Buffer, sandbox: boolean): Config => ({
  host: "127.0.0.1",
  port: 0,
  publicUrl: "http://127.0.0.1:4010",
  linkUrl: "http://127.0.0.1:4010/link",
  console: null,
  database,
  sandbox: {
    enabled: sandbox,
    clientId: SANDBOX_DEFAULTS.clientId,
    clientSecret: SANDBOX_DEFAULTS.clientSecret,
    redirectUris: [...SANDBOX_DEFAULTS.redirectUris],
    webhookUrl: null,
    timeScale: 0,
  },
  encryptionKey,
  trustedProxies: 0,
  linkSessionsPerAddress: 60,
  signInFailuresPerUser: 10,
  signInFailuresPerAddress: 50,
  inProcessWorker: false,
  webhooks: { allowPrivate: true, requireHttps: false, scheduleScale: 1, timeoutMs: 10_000, retentionMs: 86_400_000 },
  queues: loadConfig({}).queues,
  linkDistDir: "/nonexistent/link-dist",
  logLevel: "silent",
});

const start = (config: Config) => createServices(config, { supervise: false, logger: pino({ level: "silent" }) });

describe.each(testBackends())("startup with another FINLINK_ENCRYPTION_KEY (%s)", (_name, backend) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("says the stored signing keys were encrypted with the sandbox key, and what to do", async () => {
    let database: Config["database"];
    if (backend.kind === "postgres") {
      const temporary = await createTemporaryDatabase(backend.serverUrl);
      cleanups.push(temporary.drop);
      database = { url: temporary.url };
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), "finlink-keys-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      database = { dataDir };
    }
    await closeServices(await start(configFor(database, sandboxKey, true)));

    const failure = await start(configFor(database, randomBytes(32), false)).then(
      () => new Error("started"),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(
      /^The stored signing keys were encrypted with a different FINLINK_ENCRYPTION_KEY \(the public sandbox key: this data was created in sandbox mode\); key [0-9a-f-]{36} does not decrypt with this one\. Start with the key the data was created with, or with a fresh FINLINK_DATA_DIR \/ database\.$/,
    );
    expect((failure.cause as Error).message).toMatch(/unable to authenticate data/);

    // The failed start released the database, and the right key still opens it.
    await closeServices(await start(configFor(database, sandboxKey, true)));
  });
});

describe("KeyStore.open with a key other than the data's", () => {
  it("says the keys were encrypted with a different key, without blaming the sandbox key", async () => {
    const database = await openDatabase({ memory: true, template: await pgliteTemplate() });
    try {
      await migrate(database);
      await KeyStore.open(database, new Cipher(randomBytes(32)));
      const failure = await KeyStore.open(database, new Cipher(randomBytes(32))).then(
        () => new Error("opened"),
        (error: Error) => error,
      );
      expect(failure.message).toMatch(
        /^The stored signing keys were encrypted with a different FINLINK_ENCRYPTION_KEY \(e\.g\. data created in sandbox mode with the public sandbox key\); key [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} /,
      );
      expect(failure.message).toMatch(/Start with the key the data was created with, or with a fresh FINLINK_DATA_DIR/);
    } finally {
      await database.close();
    }
  });
});
