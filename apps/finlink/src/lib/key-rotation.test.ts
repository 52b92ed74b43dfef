import { eq } from "drizzle-orm";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { signingKeys } from "../db/schema";
import { RETRY_WINDOW_MS } from "../features/webhooks/schedule";
import { pgliteTemplate } from "../testing/pglite-template";
import { Cipher } from "./crypto";
import { CURRENT_KEY_RECHECK_MS, KEY_ROW_RECHECK_MS, KeyStore, RETIRED_KEY_GRACE_MS } from "./keys";

const cipher = new Cipher(Buffer.alloc(32, 9));
const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;
const sign = (store: KeyStore, purpose: "webhook" | "api" = "webhook") =>
  store.sign(purpose, { request_body_sha256: "00" }, { typ: "JWT", ...(purpose === "api" ? { audience: "a" } : {}) });

describe("signing key rotation", () => {
  let database: Database;
  const clock = { at: Date.parse("2026-12-02T12:00:00Z") };
  const now = () => new Date(clock.at);
  beforeAll(async () => {
    database = await openDatabase({ memory: true, template: await pgliteTemplate() });
    await migrate(database);
  });
  afterAll(() => database.close());

  it("keeps a replaced key published for at least the retry window plus a day", () => {
    expect(RETIRED_KEY_GRACE_MS).toBeGreaterThanOrEqual(RETRY_WINDOW_MS + 86_400_000);
  });

  it("makes a new key current; a running process signs with it within a minute; the old one verifies until its grace ends", async () => {
    const running = await KeyStore.open(database, cipher, now);
    const oldKid = running.currentKid("webhook");
    const apiKid = running.currentKid("api");
    const oldApiToken = await sign(running, "api");
    expect(kidOf(await sign(running))).toBe(oldKid);

    const rotated = await KeyStore.rotate(database, cipher, "webhook", now());
    expect(rotated.retired).toEqual([oldKid]);
    expect(rotated.kid).not.toBe(oldKid);
    // A process started now signs with the new key at once.
    expect((await KeyStore.open(database, cipher, now)).currentKid("webhook")).toBe(rotated.kid);

    // The running one: with the old key until its next check, then with the new one.
    clock.at += CURRENT_KEY_RECHECK_MS - 1;
    expect(kidOf(await sign(running))).toBe(oldKid);
    clock.at += 1;
    expect(kidOf(await sign(running))).toBe(rotated.kid);
    // The API key was not rotated.
    expect(running.currentKid("api")).toBe(apiKid);
    expect(
      await running.verify("api", oldApiToken, { typ: "JWT", audience: "a", clockToleranceSeconds: 1e9 }),
    ).toBeTruthy();

    // Both keys are published while the old one is in its grace period; the old one no longer after.
    const fresh = await KeyStore.open(database, cipher, now);
    expect(await fresh.webhookJwk(oldKid)).toMatchObject({ kid: oldKid });
    expect(await fresh.webhookJwk(rotated.kid)).toMatchObject({ kid: rotated.kid });
    const retiredAt = Date.parse("2026-12-02T12:00:00Z");
    clock.at = retiredAt + RETIRED_KEY_GRACE_MS - 1;
    expect(await fresh.webhookJwk(oldKid)).toMatchObject({ kid: oldKid });
    clock.at = retiredAt + RETIRED_KEY_GRACE_MS;
    expect(await fresh.webhookJwk(oldKid)).toBeUndefined();
    expect(await fresh.webhookJwk(rotated.kid)).toMatchObject({ kid: rotated.kid });
    // And the process that had the old key cached sees its retirement too (it reads the row again).
    expect(await running.webhookJwk(oldKid)).toBeUndefined();
  });

  it("rotates the API key too: tokens signed by the old key verify during the grace period only", async () => {
    clock.at = Date.parse("2026-12-10T00:00:00Z");
    const store = await KeyStore.open(database, cipher, now);
    const token = await sign(store, "api");
    await KeyStore.rotate(database, cipher, "api", now());
    const verify = () => store.verify("api", token, { typ: "JWT", audience: "a", clockToleranceSeconds: 1e9 });
    clock.at += RETIRED_KEY_GRACE_MS - 1;
    await expect(verify()).resolves.toBeTruthy();
    clock.at += 1;
    await expect(verify()).rejects.toThrow(/unknown key/);
  });

  describe("verified tokens remembered", () => {
    const expiring = (store: KeyStore, audience = "a") =>
      store.sign("api", { sub: "app" }, { typ: "at+jwt", audience, expiresInSeconds: 3600 });
    const check = (store: KeyStore, token: string, audience = "a") =>
      store.verify("api", token, { typ: "at+jwt", audience, clockToleranceSeconds: 1e9 });

    it("are checked against the audience, the type and the purpose asked for, not only the token", async () => {
      const store = await KeyStore.open(database, cipher, now);
      const token = await expiring(store);
      await expect(check(store, token)).resolves.toMatchObject({ sub: "app" });
      await expect(check(store, token, "b")).rejects.toThrow();
      await expect(store.verify("api", token, { typ: "JWT", audience: "a" })).rejects.toThrow();
      await expect(store.verify("webhook", token, { typ: "at+jwt", audience: "a" })).rejects.toThrow(/unknown key/);
      expect(store.verifiedTokens).toBe(1);
    });

    it("stop verifying when their key's row, read again after KEY_ROW_RECHECK_MS, is gone — as uncached ones do", async () => {
      clock.at = Date.parse("2026-12-20T00:00:00Z");
      const store = await KeyStore.open(database, cipher, now);
      await KeyStore.rotate(database, cipher, "api", now()); // the store's key stays loaded; the row goes below
      const signer = await KeyStore.open(database, cipher, now);
      const token = await expiring(signer);
      await check(store, token);
      await database.db.delete(signingKeys).where(eq(signingKeys.kid, signer.currentKid("api")));
      clock.at += KEY_ROW_RECHECK_MS - 1;
      await expect(check(store, token)).resolves.toBeTruthy();
      clock.at += 1;
      await expect(check(store, token)).rejects.toThrow(/unknown key/);
      await KeyStore.rotate(database, cipher, "api", now());
    });

    it("stop verifying when their key's grace ends, though the key's row was read a moment before", async () => {
      clock.at = Date.parse("2026-12-25T00:00:00Z");
      const store = await KeyStore.open(database, cipher, now);
      const long = (sub: string) =>
        store.sign("api", { sub }, { typ: "at+jwt", audience: "a", expiresInSeconds: 2 * RETIRED_KEY_GRACE_MS });
      const [first, second] = [await long("first"), await long("second")];
      await check(store, first);
      await KeyStore.rotate(database, cipher, "api", now());
      clock.at += RETIRED_KEY_GRACE_MS - 1;
      await expect(check(store, second)).resolves.toBeTruthy(); // reads the (retired) key's row again
      clock.at += 1;
      await expect(check(store, first)).rejects.toThrow(/unknown key/);
    });

    it("are at most verifiedTokensMax, and a token without an expiry is never remembered", async () => {
      const store = await KeyStore.open(database, cipher, now, { verifiedTokensMax: 2 });
      for (const audience of ["a", "b", "c"]) await check(store, await expiring(store, audience), audience);
      expect(store.verifiedTokens).toBe(2);
      const forever = await store.sign("api", { sub: "app" }, { typ: "at+jwt", audience: "a" });
      await check(store, forever);
      const fresh = await KeyStore.open(database, cipher, now);
      await check(fresh, forever);
      expect(fresh.verifiedTokens).toBe(0);
    });
  });
});
