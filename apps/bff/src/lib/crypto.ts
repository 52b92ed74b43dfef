import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** A fresh random secret: 256 bits, base64url (session ids, Link states). */
export const randomSecret = (): string => randomBytes(32).toString("base64url");

/** SHA-256 hex: what the database keeps instead of a session id or a state. */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/** A 32-byte key for one use, derived from the app key, so no two uses ever share a key. */
const subkey = (key: Buffer, use: string) => Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `bff:${use}`, 32));

/**
 * What the BFF derives from `APP_SECRET_KEY`: AES-256-GCM for the connection tokens it keeps (output
 * `v1.<iv>.<tag>.<ciphertext>`, base64url parts; `context` is bound as additional data, so a value copied
 * into another row fails to decrypt) and the exchange's idempotency keys.
 */
export class Secrets {
  readonly #encryption: Buffer;
  readonly #idempotency: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("APP_SECRET_KEY must be 32 bytes");
    this.#encryption = subkey(key, "encryption");
    this.#idempotency = subkey(key, "exchange-idempotency");
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#encryption, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", ...[iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url"))].join(".");
  }

  decrypt(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not an encrypted value");
    const decipher = createDecipheriv("aes-256-gcm", this.#encryption, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  /**
   * The Idempotency-Key of one user's exchange of one publicToken: the same for every try of it — a double
   * click, a retry after a lost answer, the same result in two tabs with two states — so Finlink answers each
   * with the same connection instead of revoking it as a reused token; unguessable without the key.
   */
  idempotencyKey(userId: string, publicTokenHash: string): string {
    return createHmac("sha256", this.#idempotency).update(`exchange:${userId}:${publicTokenHash}`).digest("base64url");
  }
}
