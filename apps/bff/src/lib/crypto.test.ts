import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Secrets } from "./crypto";

describe("Secrets", () => {
  const secrets = new Secrets(randomBytes(32));

  it("opens what it sealed only with the same context: a token copied to another row does not decrypt", () => {
    const sealed = secrets.encrypt("con_secret", "connection:a:connection-token");
    expect(sealed).not.toContain("con_secret");
    expect(secrets.decrypt(sealed, "connection:a:connection-token")).toBe("con_secret");
    expect(() => secrets.decrypt(sealed, "connection:b:connection-token")).toThrow();
    expect(() => new Secrets(randomBytes(32)).decrypt(sealed, "connection:a:connection-token")).toThrow();
    const [version, iv, tag, body] = sealed.split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      secrets.decrypt([version, iv, tag, flipped.toString("base64url")].join("."), "connection:a:connection-token"),
    ).toThrow();
  });

  it("derives one idempotency key per user and publicToken: the same every time, another for another user, token or key", () => {
    const user = crypto.randomUUID();
    const token = "a".repeat(64);
    expect(secrets.idempotencyKey(user, token)).toBe(secrets.idempotencyKey(user, token));
    expect(secrets.idempotencyKey(user, token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secrets.idempotencyKey(crypto.randomUUID(), token)).not.toBe(secrets.idempotencyKey(user, token));
    expect(secrets.idempotencyKey(user, "b".repeat(64))).not.toBe(secrets.idempotencyKey(user, token));
    expect(new Secrets(randomBytes(32)).idempotencyKey(user, token)).not.toBe(secrets.idempotencyKey(user, token));
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => new Secrets(randomBytes(31))).toThrow(/32 bytes/);
  });
});
