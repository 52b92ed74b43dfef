import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { Turns } from "./turns";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Token kinds and their prefixes: the prefix tells a leaked token's kind at a glance (and to secret scanners). */
export const TOKEN_PREFIX = {
  public: "pub",
  connection: "con",
  update: "upd",
  restore: "rst",
  linkSession: "lks",
  clientSecret: "fls",
} as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

/** A fresh random token: 256 bits, base64url, with its kind's prefix (`con_…`). */
export function randomToken(kind: TokenKind): string {
  return `${TOKEN_PREFIX[kind]}_${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 hex of a token: what the database keeps instead of the token. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The stored form of a client secret: `sha256$<hex>`. Client secrets are 256 random bits we issue, like the
 * tokens, so a fast hash is as safe as a slow one (a slow KDF protects guessable passwords) — and a login
 * then costs microseconds: no flood of wrong secrets can starve the server, and no limit ever needs to
 * refuse the right one. Hashes of the older `scrypt$salt$hash` form are still checked (bounded, see
 * `SecretVerifier`) and replaced at their app's next successful login.
 */
export function hashSecret(secret: string): string {
  return `sha256$${sha256(secret)}`;
}

/** Whether a stored hash is the older, slow scrypt form (checked a few at a time, replaced on success). */
export const isSlowHash = (stored: string) => stored.startsWith("scrypt$");

/** Derives a key from a secret and salt: scrypt, unless a test looks in. */
export type DeriveKey = (secret: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Whether `secret` matches a stored hash (either form). Unbounded: logins go through `SecretVerifier`. */
export async function verifySecret(secret: string, stored: string, derive: DeriveKey = scryptAsync): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme === "sha256" && salt && !hash) {
    const expected = Buffer.from(salt, "hex");
    const actual = Buffer.from(sha256(secret), "hex");
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(secret, Buffer.from(salt, "base64url"), expected.length);
  return timingSafeEqual(actual, expected);
}

// Shaped like a real hash but random, so no secret matches it: what an unknown client id is checked
// against, so that it costs what a known one does and the answer's timing tells nothing.
const UNKNOWN_CLIENT_HASH = `sha256$${randomBytes(32).toString("hex")}`;

/** Thrown when as many secret checks wait as the queue holds: answer 503 with Retry-After. */
export class SecretChecksBusy extends Error {
  constructor() {
    super("too many client secret checks waiting");
    this.name = "SecretChecksBusy";
  }
}

export interface SecretVerifierOptions {
  /** scrypt runs at once (each ~60 ms of a core and 16 MB, on libuv's pool of 4 threads). */
  concurrency: number;
  /** Checks that may wait for a turn; more are refused at once. */
  queueLimit: number;
  derive?: DeriveKey;
}

/**
 * Checks client secrets. Older scrypt hashes are checked a few at a time: a flood of logins against them
 * waits in a short queue (or is refused) instead of taking every core and libuv thread from the requests
 * around it. Current (SHA-256) hashes cost nothing worth bounding and are checked at once.
 */
export class SecretVerifier {
  readonly #turns: Turns;

  constructor(private readonly options: SecretVerifierOptions) {
    this.#turns = new Turns(options.concurrency, options.queueLimit, () => new SecretChecksBusy());
  }

  /**
   * Whether `secret` matches `stored`; with `stored` null (no such client) it is checked against a hash
   * nothing matches, at the same cost. Throws `SecretChecksBusy` when the queue is full.
   */
  async verify(secret: string, stored: string | null): Promise<boolean> {
    if (stored === null || !isSlowHash(stored))
      return verifySecret(secret, stored ?? UNKNOWN_CLIENT_HASH).then((ok) => ok && stored !== null);
    return this.#turns.run(() => verifySecret(secret, stored, this.options.derive));
  }
}

/**
 * AES-256-GCM under the server's data key, for what must be read back (entity credentials, update and
 * restore tokens, signing keys). Output: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. `context` is
 * bound as additional data so a value copied into another row or column fails to decrypt.
 */
export class Cipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("the data encryption key must be 32 bytes");
    this.#key = key;
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  decrypt(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not an encrypted value");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  encryptJson(value: unknown, context: string): string {
    return this.encrypt(JSON.stringify(value), context);
  }

  decryptJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.decrypt(sealed, context)) as T;
  }
}
