import { and, desc, eq, isNull } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { SANDBOX_DEFAULTS } from "../config";
import type { Database } from "../db/database";
import { signingKeys } from "../db/schema";
import { Cipher } from "./crypto";

export type KeyPurpose = "api" | "webhook";

type Key = Awaited<ReturnType<typeof importJWK>>;

interface LoadedKey {
  kid: string;
  purpose: KeyPurpose;
  privateKey: Key;
  publicKey: Key;
  publicJwk: JWK;
  retiredAt: Date | null;
  /** When this process last read the key's row (another process may have retired it since). */
  readAt: number;
}

/**
 * How long a key replaced by `finlink keys rotate` still verifies and is published: webhook retries span
 * about 33 h (jitter included) and a receiver may verify an attempt's signature when it arrives, plus a
 * day for receivers' own retries and caches; API tokens live one hour.
 */
export const RETIRED_KEY_GRACE_MS = 3 * 86_400_000;
/** A process looks for a newer current key (rotated by another process) this often. */
export const CURRENT_KEY_RECHECK_MS = 60_000;
/** A cached key's row is read again after this long, to see a retirement made elsewhere. */
export const KEY_ROW_RECHECK_MS = 5 * 60_000;
/**
 * How many verified tokens a process remembers (the oldest is forgotten first). Every status poll and
 * data read carries the same API token for an hour, and an ES256 verification costs more than the rest of a
 * cached request; only tokens that verified are kept, so a flood of forged ones cannot push real ones out.
 */
export const VERIFIED_TOKENS_MAX = 10_000;

interface VerifiedToken {
  payload: JWTPayload;
  kid: string;
  /** `exp` in seconds plus the clock tolerance the token was verified with. */
  validBeforeSeconds: number;
}

/**
 * ES256 keys, one current key per purpose (API tokens and Link start tokens; webhook signatures),
 * persisted encrypted so tokens survive restarts and every process signs with the same key.
 */
export class KeyStore {
  readonly #byKid = new Map<string, LoadedKey>();
  readonly #current = new Map<KeyPurpose, LoadedKey>();
  /** Tokens that verified, by `typ`, audience, tolerance and the token itself (see VERIFIED_TOKENS_MAX). */
  readonly #verified = new Map<string, VerifiedToken>();
  #currentCheckedAt = 0;

  private constructor(
    private readonly database: Database,
    private readonly cipher: Cipher,
    private readonly now: () => Date,
    private readonly verifiedTokensMax = VERIFIED_TOKENS_MAX,
  ) {}

  static async open(
    database: Database,
    cipher: Cipher,
    now: () => Date = () => new Date(),
    options: { verifiedTokensMax?: number } = {},
  ): Promise<KeyStore> {
    const store = new KeyStore(database, cipher, now, options.verifiedTokensMax);
    for (const purpose of ["api", "webhook"] as const) {
      if (!(await store.#loadCurrent(purpose))) await store.#create(purpose);
    }
    store.#currentCheckedAt = now().getTime();
    return store;
  }

  /**
   * Makes a new key of `purpose` current and retires the others (they verify, and are published, for
   * RETIRED_KEY_GRACE_MS more). Running processes pick it up within CURRENT_KEY_RECHECK_MS.
   */
  static async rotate(database: Database, cipher: Cipher, purpose: KeyPurpose, now = new Date()) {
    const store = new KeyStore(database, cipher, () => now);
    const retired = await database.db
      .update(signingKeys)
      .set({ retiredAt: now })
      .where(and(eq(signingKeys.purpose, purpose), isNull(signingKeys.retiredAt)))
      .returning({ kid: signingKeys.kid });
    const created = await store.#create(purpose);
    return { kid: created.kid, retired: retired.map((row) => row.kid) };
  }

  /** The newest key of `purpose` not retired, made current; false when there is none. */
  async #loadCurrent(purpose: KeyPurpose): Promise<boolean> {
    const [row] = await this.database.db
      .select()
      .from(signingKeys)
      .where(and(eq(signingKeys.purpose, purpose), isNull(signingKeys.retiredAt)))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1);
    if (!row) return false;
    this.#current.set(purpose, await this.#load(row));
    return true;
  }

  async #create(purpose: KeyPurpose): Promise<LoadedKey> {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    // A bare UUID, as Vumi's webhook verification guide says a `kid` is; the purpose lives in its column
    // (keys made before carry a `<purpose>-` prefix and keep it).
    const kid = crypto.randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
    const privateJwkEnc = this.cipher.encryptJson(await exportJWK(privateKey), `signing-key:${kid}`);
    await this.database.db.insert(signingKeys).values({ kid, purpose, privateJwkEnc, publicJwk });
    const key = { kid, purpose, privateKey, publicKey, publicJwk, retiredAt: null, readAt: this.now().getTime() };
    this.#byKid.set(kid, key);
    this.#current.set(purpose, key);
    return key;
  }

  async #load(row: typeof signingKeys.$inferSelect): Promise<LoadedKey> {
    const readAt = this.now().getTime();
    const cached = this.#byKid.get(row.kid);
    if (cached) {
      cached.retiredAt = row.retiredAt;
      cached.readAt = readAt;
      return cached;
    }
    const privateJwk = this.#decrypt(row);
    const publicJwk = row.publicJwk as JWK;
    const key: LoadedKey = {
      kid: row.kid,
      purpose: row.purpose as KeyPurpose,
      privateKey: await importJWK(privateJwk, "ES256"),
      publicKey: await importJWK(publicJwk, "ES256"),
      publicJwk,
      retiredAt: row.retiredAt,
      readAt,
    };
    this.#byKid.set(row.kid, key);
    return key;
  }

  /** Whether a key still verifies: current, or retired less than the grace period ago. */
  #usable(key: LoadedKey): boolean {
    return !key.retiredAt || this.now().getTime() < key.retiredAt.getTime() + RETIRED_KEY_GRACE_MS;
  }

  /** Picks up a key rotated by another process (at most once a minute). */
  async #refreshCurrent(): Promise<void> {
    const at = this.now().getTime();
    if (at - this.#currentCheckedAt < CURRENT_KEY_RECHECK_MS) return;
    this.#currentCheckedAt = at;
    for (const purpose of ["api", "webhook"] as const) await this.#loadCurrent(purpose);
  }

  // The first thing a server decrypts at startup: a key other than the data's fails here, and GCM's own
  // "Unsupported state or unable to authenticate data" says nothing about why or what to do.
  #decrypt(row: typeof signingKeys.$inferSelect): JWK {
    try {
      return this.cipher.decryptJson<JWK>(row.privateJwkEnc, `signing-key:${row.kid}`);
    } catch (error) {
      throw new Error(wrongKeyMessage(row), { cause: error });
    }
  }

  /** A key by id, while it is usable. */
  async #byId(kid: string): Promise<LoadedKey | undefined> {
    let key = this.#byKid.get(kid);
    // Another process may have created it since we started, or retired it since we read it.
    if (!key || this.now().getTime() - key.readAt >= KEY_ROW_RECHECK_MS) {
      const [row] = await this.database.db.select().from(signingKeys).where(eq(signingKeys.kid, kid));
      key = row ? await this.#load(row) : undefined;
    }
    return key && this.#usable(key) ? key : undefined;
  }

  /** Signs a JWT with the current key of `purpose`. */
  async sign(
    purpose: KeyPurpose,
    claims: JWTPayload,
    options: { typ: string; audience?: string; expiresInSeconds?: number },
  ): Promise<string> {
    await this.#refreshCurrent();
    const key = this.#current.get(purpose);
    if (!key) throw new Error(`no ${purpose} key`);
    // One clock read for both claims: jose reads the clock again for a relative expiry, and a second
    // boundary crossed in between made a one-hour token last 3601 s.
    const issuedAt = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: options.typ })
      .setIssuedAt(issuedAt);
    if (options.audience) jwt = jwt.setAudience(options.audience);
    if (options.expiresInSeconds) jwt = jwt.setExpirationTime(issuedAt + options.expiresInSeconds);
    return jwt.sign(key.privateKey);
  }

  /**
   * Verifies a JWT signed by one of our keys of `purpose`; throws on any problem. A token verified before
   * is answered from memory while all that the verification checked still holds: it has not expired (by
   * the clock jose reads), and its key is still usable and was read from the database less than
   * KEY_ROW_RECHECK_MS ago — after that the key's row is read again, as an uncached verification does.
   */
  async verify(
    purpose: KeyPurpose,
    token: string,
    options: { typ: string; audience: string; clockToleranceSeconds?: number },
  ): Promise<JWTPayload> {
    const tolerance = options.clockToleranceSeconds ?? 0;
    const cacheKey = `${purpose} ${options.typ} ${options.audience} ${tolerance} ${token}`;
    const known = this.#verified.get(cacheKey);
    if (known && this.#stillVerifies(known)) return known.payload;
    if (known) this.#verified.delete(cacheKey);
    let kid = "";
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await this.#byId(header.kid) : undefined;
        if (!key || key.purpose !== purpose) throw new Error("unknown key");
        kid = key.kid;
        return key.publicKey;
      },
      { algorithms: ["ES256"], typ: options.typ, audience: options.audience, clockTolerance: tolerance },
    );
    // A token without an expiry is verified every time: nothing bounds how long a cached answer would hold.
    if (typeof payload.exp === "number") {
      if (this.#verified.size >= this.verifiedTokensMax) {
        const oldest = this.#verified.keys().next().value;
        if (oldest !== undefined) this.#verified.delete(oldest);
      }
      const frozen = Object.freeze({ ...payload });
      this.#verified.set(cacheKey, { payload: frozen, kid, validBeforeSeconds: payload.exp + tolerance });
      return frozen;
    }
    return payload;
  }

  /** How many verified tokens are remembered. */
  get verifiedTokens(): number {
    return this.#verified.size;
  }

  #stillVerifies(known: VerifiedToken): boolean {
    // jose's own test: expired once `exp <= now - tolerance`, `now` in whole seconds of Date.now().
    if (Math.floor(Date.now() / 1000) >= known.validBeforeSeconds) return false;
    const key = this.#byKid.get(known.kid);
    return key !== undefined && this.now().getTime() - key.readAt < KEY_ROW_RECHECK_MS && this.#usable(key);
  }

  /** The public JWK of a webhook-signing key, or undefined. */
  async webhookJwk(kid: string): Promise<JWK | undefined> {
    const key = await this.#byId(kid);
    return key?.purpose === "webhook" ? key.publicJwk : undefined;
  }

  currentKid(purpose: KeyPurpose): string {
    const key = this.#current.get(purpose);
    if (!key) throw new Error(`no ${purpose} key`);
    return key.kid;
  }
}

/** What went wrong and what to do; says so when the data was made with the public sandbox key. */
function wrongKeyMessage(row: typeof signingKeys.$inferSelect): string {
  let madeInSandbox = false;
  try {
    new Cipher(Buffer.from(SANDBOX_DEFAULTS.encryptionKey, "base64url")).decrypt(
      row.privateJwkEnc,
      `signing-key:${row.kid}`,
    );
    madeInSandbox = true;
  } catch {}
  const which = madeInSandbox
    ? "the public sandbox key: this data was created in sandbox mode"
    : "e.g. data created in sandbox mode with the public sandbox key";
  return (
    `The stored signing keys were encrypted with a different FINLINK_ENCRYPTION_KEY (${which}); ` +
    `key ${row.kid} does not decrypt with this one. Start with the key the data was created with, ` +
    "or with a fresh FINLINK_DATA_DIR / database."
  );
}
