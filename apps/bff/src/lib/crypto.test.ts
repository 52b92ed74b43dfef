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

  it("derives one idempotency key per state: the same every time, another for another state or key", () => {
    const id = crypto.randomUUID();
    expect(secrets.idempotencyKey(id)).toBe(secrets.idempotencyKey(id));
    expect(secrets.idempotencyKey(id)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secrets.idempotencyKey(crypto.randomUUID())).not.toBe(secrets.idempotencyKey(id));
    expect(new Secrets(randomBytes(32)).idempotencyKey(id)).not.toBe(secrets.idempotencyKey(id));
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => new Secrets(randomBytes(31))).toThrow(/32 bytes/);
  });
});
