import { describe, expect, it } from "vitest";
import { byPopularity, matchesEntity } from "./entity-match";

// The sandbox's own names and ids, as the user sees them in Link.
const SANDBOX = [
  { id: "sandbox_bank", name: "Banco Sandbox", popularity: 100 },
  { id: "sandbox_broker", name: "Bróker Sandbox", popularity: 90 },
  { id: "sandbox_bank_dni", name: "Caja Sandbox", popularity: 70 },
  { id: "sandbox_bank_app", name: "Banco Sandbox App", popularity: 50 },
  { id: "sandbox_bank_down", name: "Banco Sandbox Caído", popularity: 10 },
];
const find = (query: string) => SANDBOX.filter((e) => matchesEntity(e, query)).map((e) => e.name);

describe("matchesEntity", () => {
  it("finds every entity for an empty or blank query", () => {
    expect(find("")).toHaveLength(5);
    expect(find("   ")).toHaveLength(5);
  });

  it("matches initials: bs, bsa, cs", () => {
    expect(find("bs")).toEqual(["Banco Sandbox", "Bróker Sandbox", "Banco Sandbox App", "Banco Sandbox Caído"]);
    expect(find("BSA")).toEqual(["Banco Sandbox App"]);
    expect(find("cs")).toEqual(["Caja Sandbox"]);
  });

  it("matches the starts of words in any order, the id's words too", () => {
    expect(find("sand ban")).toEqual(["Banco Sandbox", "Caja Sandbox", "Banco Sandbox App", "Banco Sandbox Caído"]);
    expect(find("banco app")).toEqual(["Banco Sandbox App"]);
    expect(find("sandbox bank")).toEqual(["Banco Sandbox", "Caja Sandbox", "Banco Sandbox App", "Banco Sandbox Caído"]);
    expect(find("app banco")).toEqual(["Banco Sandbox App"]);
    expect(find("sandbox zzz")).toEqual([]);
  });

  it("ignores case and accents both ways", () => {
    expect(find("broker")).toEqual(["Bróker Sandbox"]);
    expect(find("CAIDO")).toEqual(["Banco Sandbox Caído"]);
    expect(find("caído")).toEqual(["Banco Sandbox Caído"]);
  });

  it("still matches any part of the name or id", () => {
    expect(find("roker")).toEqual(["Bróker Sandbox"]);
    expect(find("bank_d")).toEqual(["Caja Sandbox", "Banco Sandbox Caído"]);
  });

  it("does not take initials out of order or from the middle", () => {
    expect(find("sb")).toEqual([]);
    expect(find("sa")).toHaveLength(5); // a word start ("Sandbox"), not initials
    expect(find("bx")).toEqual([]);
  });
});

describe("byPopularity", () => {
  it("puts the most popular first, then sorts by name", () => {
    const list = [
      { name: "Caja Sandbox", popularity: 50 },
      { name: "Banco Zeta", popularity: 50 },
      { name: "Ábaco", popularity: 50 },
      { name: "Banco Sandbox", popularity: 100 },
    ];
    expect([...list].sort(byPopularity).map((e) => e.name)).toEqual([
      "Banco Sandbox",
      "Ábaco",
      "Banco Zeta",
      "Caja Sandbox",
    ]);
  });
});
