import { describe, expect, it } from "vitest";
import { LinkEntity } from "./index";

const entity = {
  id: "sandbox_bank",
  name: "Banco Sandbox",
  country: "ES",
  maturity: "TEST",
  products: ["TRANSACTIONS"],
  twoFactor: true,
  logoUrl: null,
  type: "BANK",
  credentialFields: [
    {
      name: "dni",
      label: { es: "DNI", en: "DNI" },
      type: "text",
      hint: { es: "El DNI con el que entras en la banca online", en: "The DNI you use for online banking" },
    },
  ],
  brandColor: "#1d4ed8",
  popularity: 100,
  status: "AVAILABLE",
  signIn: "FORM",
};

const withForgot = (forgotPasswordUrl: string) => LinkEntity.safeParse({ ...entity, forgotPasswordUrl }).success;

describe("LinkEntity", () => {
  it("says how the user signs in: Link's form or the bank's own page, nothing else", () => {
    expect(LinkEntity.safeParse({ ...entity, signIn: "REDIRECT", credentialFields: [] }).success).toBe(true);
    expect(LinkEntity.safeParse({ ...entity, signIn: "POPUP" }).success).toBe(false);
    const { signIn: _, ...unsaid } = entity;
    expect(LinkEntity.safeParse(unsaid).success).toBe(false);
  });

  it("carries a field's hint in both languages, and no forgotten-password page unless the entity has one", () => {
    expect(LinkEntity.parse(entity)).toEqual(entity);
  });

  it("takes the bank's https page or a path on Finlink's origin as the forgotten-password page", () => {
    expect(withForgot("https://www.bancosandbox.es/recuperar-clave?lang=es")).toBe(true);
    expect(withForgot("/api/v1/docs/guides/sandbox-users#forgotten-passwords")).toBe(true);
  });

  it("refuses any other link: Link opens it from its own page", () => {
    for (const url of ["http://bank.example/reset", "javascript:alert(1)", "//evil.example/", "https://", "reset"]) {
      expect(withForgot(url), url).toBe(false);
    }
  });
});
