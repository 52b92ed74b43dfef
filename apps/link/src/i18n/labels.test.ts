import { describe, expect, it } from "vitest";
import { inSentence, listOf } from "./labels";

describe("field labels in a sentence", () => {
  it("lower-cases a word, keeps an acronym", () => {
    expect(inSentence("Username")).toBe("username");
    expect(inSentence("Contraseña")).toBe("contraseña");
    expect(inSentence("PIN")).toBe("PIN");
    expect(inSentence("DNI / NIE")).toBe("DNI / NIE");
    expect(inSentence("ID number (DNI / NIE)")).toBe("ID number (DNI / NIE)");
    // One capital letter is a word's, not an acronym.
    expect(inSentence("A code")).toBe("a code");
  });

  it("lists one, two or more labels", () => {
    expect(listOf(["PIN"], "or")).toBe("PIN");
    expect(listOf(["Username", "Password"], "or")).toBe("username or password");
    expect(listOf(["Usuario", "Clave de firma", "PIN"], "y", "tu ")).toBe("tu usuario, tu clave de firma y tu PIN");
    expect(listOf([], "or")).toBe("");
  });
});
