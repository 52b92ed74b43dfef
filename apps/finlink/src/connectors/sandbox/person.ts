import { createRng, seedFrom } from "./random";

const FIRST_NAMES = ["Ana", "Lucía", "Carmen", "María", "Laura", "Javier", "Pablo", "David", "Sergio", "Marta"];
const SURNAMES = ["García", "López", "Martínez", "Sánchez", "Fernández", "Gómez", "Ruiz", "Díaz", "Moreno", "Álvarez"];

export interface Person {
  firstName: string;
  fullName: string;
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
  return { firstName, fullName: `${firstName} ${first} ${second}`, phoneLast4: rng.digits(4) };
}
