import { randomBytes, scrypt } from "node:crypto";
import { promisify } from "node:util";
import type { DeriveKey } from "./crypto";

const realScrypt = promisify(scrypt) as DeriveKey;

/**
 * A scrypt that waits at a gate until `open()` (or runs straight through once opened), counting calls
 * and how many were in flight at once: tests see what reached scrypt, and when, without timing anything.
 */
export function gatedScrypt() {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const waiting: (() => void)[] = [];
  let opened = false;
  const derive: DeriveKey = async (secret, salt, keylen) => {
    seen.calls++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    try {
      if (!opened) await new Promise<void>((resolve) => waiting.push(resolve));
      return await realScrypt(secret, salt, keylen);
    } finally {
      seen.inFlight--;
    }
  };
  const open = () => {
    opened = true;
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { derive, seen, open };
}

/** A client secret hash of the older scrypt form (`scrypt$salt$hash`), as apps created before SHA-256 hold. */
export async function legacyScryptHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await realScrypt(secret, salt, 32);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}
