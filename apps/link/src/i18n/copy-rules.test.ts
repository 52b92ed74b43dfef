import { describe, expect, it } from "vitest";
import { en } from "./en";
import { es } from "./es";

// Rules over every message the user can see, in both tables: walked whole, so a new block is covered too.

/** One value of each kind the messages' parameters take (an app's name, a count, labels, a kind, a flag). */
const SAMPLES: unknown[] = ["Demo app", 0, 1, 3, null, ["Username", "Password"], "ALL", "BANK", "BROKER", true, false];

/** Every argument list of `arity` values drawn from SAMPLES. */
function argLists(arity: number): unknown[][] {
  if (arity === 0) return [[]];
  return argLists(arity - 1).flatMap((rest) => SAMPLES.map((sample) => [sample, ...rest]));
}

/**
 * Every text a table can produce, with where it comes from: strings as they are, and each function called
 * with every combination of samples (a combination the function cannot take, like a count where it expects
 * labels, throws and is skipped). A function that yields no text at all fails the walk: it would go unchecked.
 */
function texts(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => texts(item, `${path}[${i}]`));
  if (typeof value === "function") {
    const found = argLists(value.length).flatMap((args) => {
      try {
        const out: unknown = value(...args);
        return typeof out === "string"
          ? [{ path: `${path}(${args.map((a) => JSON.stringify(a)).join(", ")})`, text: out }]
          : [];
      } catch {
        return [];
      }
    });
    if (found.length === 0) throw new Error(`${path} gave no text for any sample arguments`);
    return found;
  }
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, v]) => texts(v, `${path}.${key}`));
  return [];
}

const offenders = (table: object, name: string, rule: RegExp) =>
  texts(table, name)
    .filter(({ text }) => rule.test(text))
    .map(({ path, text }) => `${path}: ${text}`);

describe("the message tables", () => {
  const tables = [
    ["en", en],
    ["es", es],
  ] as const;

  it.each(tables)("are walked whole (%s)", (name, table) => {
    const walked = texts(table, name);
    // Strings of the top level, the error block, and functions' outputs are all reached.
    expect(walked.length).toBeGreaterThan(300);
    expect(walked.some(({ path }) => path === `${name}.brand`)).toBe(true);
    expect(walked.some(({ path }) => path.startsWith(`${name}.error.tooMany.body(`))).toBe(true);
    expect(walked.some(({ path }) => path.startsWith(`${name}.credentials.wrong([`))).toBe(true);
  });

  // The product's name is Finlink's, not the user's business: the top bar says "Finlink" (brand), never "Link".
  it.each(tables)("never name the product Link (%s)", (name, table) => {
    expect(offenders(table, name, /\bLink\b/)).toEqual([]);
  });
});

describe("the Spanish table", () => {
  it("says contraseña, never clave", () => {
    expect(offenders(es, "es", /\bclaves?\b/i)).toEqual([]);
    expect(offenders(es, "es", /contraseña/).length).toBeGreaterThan(0);
  });

  it("has one way to say try again: Inténtalo de nuevo", () => {
    expect(offenders(es, "es", /reintent|vuelv\w* a intent|prueba de nuevo|intent(a|e|ar)\b/i)).toEqual([]);
    // Any other form of the verb (intentarlo, inténtelo…): attempts (intento, intentos) are nouns, not the verb.
    const verbs = texts(es, "es").flatMap(({ path, text }) =>
      [...text.matchAll(/\bint[eé]nt(?!os?\b)\p{L}*(?: de nuevo)?/giu)].map((m) => ({ path, said: m[0] })),
    );
    expect(verbs.length).toBeGreaterThan(0);
    expect(verbs.filter(({ said }) => said.toLowerCase() !== "inténtalo de nuevo")).toEqual([]);
  });
});
