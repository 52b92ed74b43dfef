import { describe, expect, it } from "vitest";
import { Cipher, hashSecret, randomToken, sha256, verifySecret } from "./crypto";

describe("randomToken", () => {
  it("carries 256 random bits in base64url behind its kind's prefix", () => {
    const token = randomToken("connection");
    expect(token).toMatch(/^con_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(randomToken("connection")).not.toBe(token);
  });
});

describe("Cipher", () => {
  const cipher = new Cipher(Buffer.alloc(32, 1));

  it("round-trips a value and never shows the plaintext", () => {
    const sealed = cipher.encrypt("pass_good", "ctx");
    expect(sealed).not.toContain("pass_good");
    expect(cipher.decrypt(sealed, "ctx")).toBe("pass_good");
  });

  it("refuses a value moved to another context or tampered with", () => {
    const sealed = cipher.encrypt("secret", "row-1");
    expect(() => cipher.decrypt(sealed, "row-2")).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => cipher.decrypt(parts.join("."), "row-1")).toThrow();
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => new Cipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe("client secrets", () => {
  it("verifies the right secret only, with a salted hash", async () => {
    const stored = await hashSecret("s3cret-value");
    expect(stored).not.toContain("s3cret-value");
    expect(await hashSecret("s3cret-value")).not.toBe(stored);
    expect(await verifySecret("s3cret-value", stored)).toBe(true);
    expect(await verifySecret("wrong", stored)).toBe(false);
    expect(await verifySecret("x", "garbage")).toBe(false);
  });

  it("hashes tokens with SHA-256", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
