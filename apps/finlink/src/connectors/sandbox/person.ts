import { createRng, seedFrom } from "./random";

const FIRST_NAMES = ["Ana", "Lucía", "Carmen", "María", "Laura", "Javier", "Pablo", "David", "Sergio", "Marta"];
const SURNAMES = ["García", "López", "Martínez", "Sánchez", "Fernández", "Gómez", "Ruiz", "Díaz", "Moreno", "Álvarez"];

export interface Person {
  firstName: string;
  /** First and second surname, as Spanish names have them. */
  surnames: readonly [string, string];
  /** Last four digits of the phone the bank sends codes to. */
  phoneLast4: string;
}

/**
 * The account holder behind a sandbox username. It depends on the username alone, so the same user is
 * the same person at every sandbox entity.
 */
export function personFor(username: string): Person {
  const rng = createRng(seedFrom("person", username));
  const firstName = rng.pick(FIRST_NAMES);
  const first = rng.pick(SURNAMES);
  const second = rng.pick(SURNAMES.filter((name) => name !== first));
  return { firstName, surnames: [first, second], phoneLast4: rng.digits(4) };
}

/**
 * The other holder of a joint account: shares no name with the holder, so a filter by either name picks
 * that person's accounts alone.
 */
export function coHolderFor(username: string): Person {
  const holder = personFor(username);
  const rng = createRng(seedFrom("co-holder", username));
  const taken = new Set([holder.firstName, ...holder.surnames]);
  const firstName = rng.pick(FIRST_NAMES.filter((name) => !taken.has(name)));
  const first = rng.pick(SURNAMES.filter((name) => !taken.has(name)));
  const second = rng.pick(SURNAMES.filter((name) => !taken.has(name) && name !== first));
  return { firstName, surnames: [first, second], phoneLast4: rng.digits(4) };
}

/**
 * How an entity writes its customers' names; each entity keeps one form:
 * `AS_WRITTEN` "Carmen Álvarez López", `UPPER` "CARMEN ALVAREZ LOPEZ" (capitals without accents, as
 * older core banking systems print them), `SURNAMES_FIRST` "ALVAREZ LOPEZ, CARMEN".
 */
export type NameStyle = "AS_WRITTEN" | "UPPER" | "SURNAMES_FIRST";

function capitals(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase();
}

/** @example ownerName({ firstName: "Carmen", surnames: ["Álvarez", "López"], … }, "SURNAMES_FIRST") // "ALVAREZ LOPEZ, CARMEN" */
export function ownerName(person: Person, style: NameStyle): string {
  const surnames = person.surnames.join(" ");
  switch (style) {
    case "AS_WRITTEN":
      return `${person.firstName} ${surnames}`;
    case "UPPER":
      return capitals(`${person.firstName} ${surnames}`);
    case "SURNAMES_FIRST":
      return capitals(`${surnames}, ${person.firstName}`);
  }
}
