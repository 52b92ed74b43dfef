import { describe, expect, it } from "vitest";
import { extractAll } from "./test-support";

/** Owners by account alias and by portfolio type, in the order the entity lists them. */
async function ownersAt(entityId: string, username: string) {
  const data = await extractAll(entityId, username);
  return {
    accounts: Object.fromEntries(data.accounts.map((a) => [a.alias.split(" ··")[0], a.owners])),
    portfolios: data.portfolios.map((p) => [p.type, p.owners]),
  };
}

/** The words of a name without accents, case or commas, so names in different forms compare. */
function words(name: string): string[] {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .split(/[\s,]+/)
    .sort();
}

describe("owners", () => {
  it.each([
    ["sandbox_bank", /^[A-Z]+ [A-Z]+ [A-Z]+$/],
    ["sandbox_bank_app", /^[A-Z]+ [A-Z]+ [A-Z]+$/],
    ["sandbox_bank_dni", /^[A-Z]+ [A-Z]+, [A-Z]+$/],
    ["sandbox_broker", /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u],
  ])("are the user alone, in %s's one form of a name", async (entityId, form) => {
    const data = await extractAll(entityId, "user_good");
    const lists = [...data.accounts, ...data.portfolios].map((row) => row.owners);
    expect(lists.length).toBeGreaterThan(1);
    for (const owners of lists) expect(owners).toEqual([expect.stringMatching(form)]);
    expect(new Set(lists.flat()).size).toBe(1);
  });

  it("name the same person at every entity", async () => {
    const names = await Promise.all(
      ["sandbox_bank", "sandbox_bank_dni", "sandbox_broker"].map(
        async (e) => (await extractAll(e, "user_good")).accounts[0]?.owners[0] ?? "",
      ),
    );
    expect(names).toEqual(["CARMEN ALVAREZ LOPEZ", "ALVAREZ LOPEZ, CARMEN", "Carmen Álvarez López"]);
    expect(new Set(names.map((n) => words(n).join(" "))).size).toBe(1);
  });
});

// The names below are what integrators' desiredOwners tests use: changing them breaks those tests.
describe("user_joint", () => {
  it("holds a joint account, accounts of the user alone and one of the co-holder alone at the bank", async () => {
    expect(await ownersAt("sandbox_bank", "user_joint")).toEqual({
      accounts: {
        "Cuenta Conjunta": ["MARIA SANCHEZ ALVAREZ", "CARMEN MARTINEZ RUIZ"],
        "Cuenta Ahorro": ["MARIA SANCHEZ ALVAREZ"],
        "Tarjeta Visa": ["MARIA SANCHEZ ALVAREZ"],
        "Cuenta Online": ["CARMEN MARTINEZ RUIZ"],
      },
      portfolios: [],
    });
  });

  it("holds joint, own and co-holder's accounts and portfolios at the broker, in the broker's form of names", async () => {
    const user = "María Sánchez Álvarez";
    const coHolder = "Carmen Martínez Ruiz";
    expect(await ownersAt("sandbox_broker", "user_joint")).toEqual({
      accounts: { "Cuenta Corriente": [user, coHolder], "Cuenta Bróker": [user] },
      portfolios: [
        ["STOCK_PORTFOLIO", [user]],
        ["COMPOSITE_ASSETS_PORTFOLIO", [user, coHolder]],
        ["COMPOSITE_ASSETS_PORTFOLIO", [coHolder]],
      ],
    });
  });

  it("writes the names surname first at the Caja, and the two holders share no word", async () => {
    const { accounts } = await ownersAt("sandbox_bank_dni", "user_joint");
    expect(accounts["Cuenta Conjunta"]).toEqual(["SANCHEZ ALVAREZ, MARIA", "MARTINEZ RUIZ, CARMEN"]);
    const [user = "", coHolder = ""] = accounts["Cuenta Conjunta"] ?? [];
    expect(words(user).filter((w) => words(coHolder).includes(w))).toEqual([]);
  });

  it("moves the co-holder's money into the joint account every month", async () => {
    const { accounts, transactions } = await extractAll("sandbox_bank", "user_joint");
    const joint = accounts.find((a) => a.alias === "Cuenta Conjunta");
    const own = accounts.find((a) => a.alias === "Cuenta Online");
    const inText = "Transferencia de CARMEN MARTINEZ RUIZ";
    const received = transactions.filter((t) => t.accountId === joint?.id && t.description === inText);
    const sent = transactions.filter(
      (t) => t.accountId === own?.id && t.description === "Transferencia a Cuenta Conjunta",
    );
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(received.map((t) => [t.date, t.amount.replace("-", "")])).toEqual(
      sent.map((t) => [t.date, t.amount.replace("-", "")]),
    );
    expect(transactions.some((t) => t.accountId === own?.id && t.category === "NOMINA")).toBe(true);
  });
});
