import { describe, expect, it } from "vitest";
import { createSandboxConnector, SANDBOX_ENTITY_IDS } from "./index";
import { loginAs, TEST_NOW as NOW } from "./test-support";

const connector = createSandboxConnector({ timeScale: 0 });
// Link's form signs in to these; sandbox_bank_oauth signs in on its own page (oauth.test.ts).
const WORKING_ENTITIES = SANDBOX_ENTITY_IDS.filter((id) => id !== "sandbox_bank_down" && id !== "sandbox_bank_oauth");
const login = (entityId: string, username: string, password?: string) =>
  loginAs(connector, entityId, username, password);

describe("entities", () => {
  it("lists the six test entities in Spain, each with a user field then a password field but the redirect one", () => {
    const entities = connector.entities();
    expect(entities.map((e) => e.id)).toEqual([...SANDBOX_ENTITY_IDS]);
    for (const entity of entities) {
      expect(entity).toMatchObject({ country: "ES", maturity: "TEST", logoUrl: `/logos/${entity.id}.svg` });
      expect(entity.brandColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(entity.signIn).toBe(entity.id === "sandbox_bank_oauth" ? "REDIRECT" : "FORM");
      if (entity.signIn === "REDIRECT") {
        // The bank's own page asks for the password: Link has no form, and no forgotten-password link, to show.
        expect(entity.credentialFields).toEqual([]);
        expect(entity.forgotPasswordUrl).toBeUndefined();
        continue;
      }
      const names = entity.id === "sandbox_bank_dni" ? ["dni", "pin"] : ["username", "password"];
      expect(entity.credentialFields.map((f) => f.name)).toEqual(names);
      expect(entity.credentialFields.map((f) => f.type)).toEqual(["text", "password"]);
    }
    expect(entities.find((e) => e.id === "sandbox_broker")?.products).toEqual(["TRANSACTIONS", "INVESTMENTS"]);
    expect(entities.map((e) => e.type)).toEqual(["BANK", "BROKER", "BANK", "BANK", "BANK", "BANK"]);
    expect(new Set(entities.map((e) => e.brandColor)).size).toBe(entities.length);
  });

  it("asks Caja Sandbox customers for their national id and PIN, saying which id", () => {
    const caja = connector.entities().find((e) => e.id === "sandbox_bank_dni");
    expect(caja?.name).toBe("Caja Sandbox");
    expect(caja?.credentialFields.map((f) => f.label.es)).toEqual(["DNI / NIE", "PIN"]);
    expect(caja?.credentialFields[0]?.hint).toEqual({
      en: "The DNI you use for online banking",
      es: "El DNI con el que entras en la banca online",
    });
  });

  it("reports sandbox_bank_down as unavailable (an outage) and the rest as available", async () => {
    const statuses = await Promise.all(connector.entities().map(async (e) => [e.id, await connector.status?.(e.id)]));
    expect(Object.fromEntries(statuses)).toEqual({
      sandbox_bank: { status: "AVAILABLE" },
      sandbox_broker: { status: "AVAILABLE" },
      sandbox_bank_app: { status: "AVAILABLE" },
      sandbox_bank_down: { status: "UNAVAILABLE", statusReason: "OUTAGE" },
      sandbox_bank_dni: { status: "AVAILABLE" },
      sandbox_bank_oauth: { status: "AVAILABLE" },
    });
  });

  it("hands out copies, so a caller cannot change what the next one sees", () => {
    const [first] = connector.entities();
    if (first) first.name = "changed";
    expect(connector.entities()[0]?.name).toBe("Banco Sandbox");
  });
});

describe("login", () => {
  it.each(["sandbox_bank", "sandbox_broker", "sandbox_bank_dni"])(
    "signs user_good in at %s with no second factor",
    async (entityId) => {
      expect(await login(entityId, "user_good")).toMatchObject({ kind: "ok", twoFactor: false });
    },
  );

  it.each(["user_slow", "user_extract_error", "user_update_error", "user_big"])(
    "signs %s in with no second factor",
    async (username) => {
      expect(await login("sandbox_bank", username)).toMatchObject({ kind: "ok", twoFactor: false });
    },
  );

  it("matches usernames regardless of case and surrounding spaces", async () => {
    expect(await login("sandbox_bank", "  User_Good ")).toMatchObject({ kind: "ok" });
  });

  it.each(WORKING_ENTITIES)("refuses a wrong password at %s, and lets the user try again", async (entityId) => {
    expect(await login(entityId, "user_good", "wrong")).toEqual({
      kind: "error",
      error: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: true },
    });
  });

  it("refuses an unknown username as it refuses a wrong password", async () => {
    expect(await login("sandbox_bank", "nobody")).toMatchObject({ error: { reason: "INVALID_CREDENTIALS" } });
    expect(await connector.login({ entityId: "sandbox_bank", credentials: {}, now: NOW })).toMatchObject({
      error: { reason: "INVALID_CREDENTIALS" },
    });
  });

  it.each(WORKING_ENTITIES)("reports user_locked as locked, not retryable, at %s", async (entityId) => {
    expect(await login(entityId, "user_locked")).toEqual({
      kind: "error",
      error: { reason: "ACCOUNT_LOCKED", type: "USER_ERROR", retryable: false },
    });
  });

  it.each(["user_good", "user_otp", "user_locked", "nobody"])(
    "finds Banco Sandbox Caído unavailable for %s",
    async (username) => {
      expect(await login("sandbox_bank_down", username, "anything")).toEqual({
        kind: "error",
        error: { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true },
      });
    },
  );

  it("refuses an entity it does not reach, for good", async () => {
    expect(await login("some_real_bank", "user_good")).toMatchObject({ kind: "error", error: { retryable: false } });
  });

  it.each([
    ["user_otp", { type: "OTP", length: 6 }],
    [
      "user_question",
      { type: "QUESTION", question: { es: "¿De qué color es el cielo?", en: "What colour is the sky?" } },
    ],
    ["user_device", { type: "DEVICE" }],
    ["user_app", { type: "APP", expiresAt: "2026-03-15T10:02:00.000Z" }],
  ])("asks %s for its second factor", async (username, challenge) => {
    const step = await login("sandbox_bank", username);
    expect(step).toMatchObject({ kind: "challenge", challenge });
  });

  it("asks for approval in the app at Banco Sandbox App when no other factor is asked", async () => {
    expect(await login("sandbox_bank_app", "user_good")).toMatchObject({
      kind: "challenge",
      challenge: { type: "APP" },
    });
    expect(await login("sandbox_bank_app", "user_otp")).toMatchObject({
      kind: "challenge",
      challenge: { type: "OTP" },
    });
  });

  it("gives every challenge its own id", async () => {
    const [a, b] = await Promise.all([login("sandbox_bank", "user_otp"), login("sandbox_bank", "user_otp")]);
    expect(a?.kind === "challenge" && b?.kind === "challenge" && a.challenge.id !== b.challenge.id).toBe(true);
  });

  it("keeps the password out of the state it hands the server", async () => {
    for (const username of ["user_good", "user_otp", "user_device", "user_app"]) {
      const step = await login("sandbox_bank", username);
      expect(JSON.stringify(step.state)).not.toContain("pass_good");
    }
  });
});
