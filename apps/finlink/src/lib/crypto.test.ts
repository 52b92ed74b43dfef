import { describe, expect, it, vi } from "vitest";
import { Cipher, hashSecret, randomToken, SecretChecksBusy, SecretVerifier, sha256, verifySecret } from "./crypto";
import { gatedScrypt, legacyScryptHash } from "./crypto.testing";

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
  it("stores a secret as its SHA-256 and verifies the right secret only", async () => {
    const stored = hashSecret("s3cret-value");
    expect(stored).toBe(`sha256$${sha256("s3cret-value")}`);
    expect(await verifySecret("s3cret-value", stored)).toBe(true);
    expect(await verifySecret("wrong", stored)).toBe(false);
    expect(await verifySecret("s3cret-value", `sha256$${sha256("s3cret-value").slice(2)}`)).toBe(false);
    expect(await verifySecret("x", "garbage")).toBe(false);
    expect(await verifySecret("x", "sha256$")).toBe(false);
  });

  it("still verifies the older salted scrypt hashes", async () => {
    const stored = await legacyScryptHash("s3cret-value");
    expect(stored).not.toContain("s3cret-value");
    expect(await verifySecret("s3cret-value", stored)).toBe(true);
    expect(await verifySecret("wrong", stored)).toBe(false);
  });

  it("checks current hashes at once, without scrypt or a turn in the queue", async () => {
    const { derive, seen } = gatedScrypt(); // never opened: a check that reached it would hang
    const verifier = new SecretVerifier({ concurrency: 1, queueLimit: 0, derive });
    const stored = hashSecret("right");
    expect(await Promise.all(["right", "w1", "w2"].map((s) => verifier.verify(s, stored)))).toEqual([
      true,
      false,
      false,
    ]);
    expect(await verifier.verify("anything", null)).toBe(false);
    expect(seen.calls).toBe(0);
  });

  it("checks 2 older scrypt hashes at once, queues 3 more, refuses the 6th at once, then answers every queued one", async () => {
    const stored = await legacyScryptHash("right");
    const { derive, seen, open } = gatedScrypt();
    const verifier = new SecretVerifier({ concurrency: 2, queueLimit: 3, derive });
    const checks = ["right", "w1", "w2", "w3", "right"].map((secret) => verifier.verify(secret, stored));
    await expect(verifier.verify("w4", stored)).rejects.toBeInstanceOf(SecretChecksBusy);
    await vi.waitFor(() => expect(seen.inFlight).toBe(2));
    expect(seen.calls).toBe(2); // the other three wait for a turn, not at scrypt
    open();
    expect(await Promise.all(checks)).toEqual([true, false, false, false, true]);
    expect(seen).toEqual({ calls: 5, inFlight: 0, maxInFlight: 2 });
    // Turns were handed back: a check now runs at once.
    expect(await verifier.verify("right", stored)).toBe(true);
  });

  it("hashes tokens with SHA-256", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
