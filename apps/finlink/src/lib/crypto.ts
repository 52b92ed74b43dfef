import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

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

/** Salted scrypt hash of a client secret (`scrypt$salt$hash`). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, 32);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Derives a key from a secret and salt: scrypt, unless a test looks in. */
export type DeriveKey = (secret: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Whether `secret` matches a hash made by `hashSecret`. Unbounded: logins go through `SecretVerifier`. */
export async function verifySecret(secret: string, stored: string, derive: DeriveKey = scryptAsync): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(secret, Buffer.from(salt, "base64url"), expected.length);
  return timingSafeEqual(actual, expected);
}

// Shaped like a real hash but made of random bytes, so no secret matches it: what an unknown client id is
// checked against, so that it costs the same scrypt as a known one and the answer's timing tells nothing.
const UNKNOWN_CLIENT_HASH = `scrypt$${randomBytes(16).toString("base64url")}$${randomBytes(32).toString("base64url")}`;

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
 * Checks client secrets a few at a time: a flood of logins then waits in a short queue (or is refused)
 * instead of taking every core and libuv thread from the requests around it.
 */
export class SecretVerifier {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly options: SecretVerifierOptions) {}

  /**
   * Whether `secret` matches `stored`; with `stored` null (no such client) it is checked against a hash
   * nothing matches, at the same cost. Throws `SecretChecksBusy` when the queue is full.
   */
  async verify(secret: string, stored: string | null): Promise<boolean> {
    await this.#turn();
    try {
      const matches = await verifySecret(secret, stored ?? UNKNOWN_CLIENT_HASH, this.options.derive);
      return matches && stored !== null;
    } finally {
      this.#done();
    }
  }

  async #turn(): Promise<void> {
    if (this.#running < this.options.concurrency) {
      this.#running++;
      return;
    }
    if (this.#waiting.length >= this.options.queueLimit) throw new SecretChecksBusy();
    // The finishing check hands its place over: #running stays as it is.
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #done(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
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
