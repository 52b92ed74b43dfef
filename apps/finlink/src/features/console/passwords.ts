import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt parameters for operator passwords (OWASP's minimum for scrypt is N=2^17 with r=8, or N=2^15 at
 * p>1 equivalents; 2^15·8·1 costs ~100 ms and 32 MiB here, and sign-ins are few). Stored with each hash, so
 * raising them later leaves older hashes checkable.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keylen: number) {
  return new Promise<Buffer>((resolve, reject) =>
    // maxmem above 128·N·r (32 MiB at the defaults), which is Node's own default limit.
    scrypt(password, salt, keylen, { ...params, maxmem: 256 * params.N * params.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url) of a password. */
export async function hashPassword(password: string, params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, KEY_LENGTH);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Whether `password` matches a stored `hashPassword` result; false for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const actual = await derive(password, Buffer.from(salt, "base64url"), params, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * What an unknown username's password is checked against, so that it costs what a known one does (no user
 * enumeration by timing). Made once per process, at first use, from a random password nobody knows.
 */
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
};
