import { describe, expect, it } from "vitest";
import { messagesFor, pickLang } from "./i18n";

describe("pickLang", () => {
  it("takes the lang parameter first", () => {
    expect(pickLang("es", "en-US")).toBe("es");
    expect(pickLang("en", "es-ES")).toBe("en");
  });

  it("falls back to the browser language, then English", () => {
    expect(pickLang(null, "es-MX")).toBe("es");
    expect(pickLang("fr", "ES")).toBe("es");
    expect(pickLang(undefined, "de-DE")).toBe("en");
    expect(pickLang(null, undefined)).toBe("en");
  });
});

const USER_AND_PASSWORD = ["Username", "Password"];

describe("messages", () => {
  it("count the remaining attempts in both languages", () => {
    expect(messagesFor("en").credentials.wrong(USER_AND_PASSWORD, 1)).toBe(
      "Your username or password is incorrect. 1 attempt left.",
    );
    expect(messagesFor("en").credentials.wrong(USER_AND_PASSWORD, 3)).toContain("3 attempts left");
    expect(messagesFor("es").credentials.wrong(USER_AND_PASSWORD, 1)).toContain("Queda 1 intento");
    // The entity user's limit across sessions can run out before the session's.
    expect(messagesFor("en").credentials.wrong(USER_AND_PASSWORD, 0)).toContain("No attempts left for now");
    expect(messagesFor("es").credentials.wrong(USER_AND_PASSWORD, 0)).toContain("No quedan intentos por ahora");
    expect(messagesFor("es").exit).toBe("Salir");
  });
});
