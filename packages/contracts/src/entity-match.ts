// No runtime import of zod here: the Link widget and the server both use these, and zod would not fit
// Link's budget. The server searches with them; Link's tests read the same rules.
import type { Entity } from "./data";
import type { LinkEntity } from "./link";

/** Lower case without accents, so "broker" finds "Bróker" and "caido" finds "Caído". */
export const foldText = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

const words = (text: string) =>
  foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Whether `query` finds the entity, ignoring case and accents: a part of its name or id ("sandbox"), the
 * starts of its words in any order ("sand ban" — the id's words count, so "sandbox bank" finds
 * `sandbox_bank`), or its initials ("bs" → Banco Sandbox, "bsa" → Banco Sandbox App). An empty query finds all.
 * @example matchesEntity({ id: "sandbox_bank", name: "Banco Sandbox" }, "bs") // true
 */
export function matchesEntity(entity: Pick<Entity, "id" | "name">, query: string): boolean {
  const q = foldText(query.trim());
  if (q === "") return true;
  const name = foldText(entity.name);
  if (name.includes(q) || foldText(entity.id).includes(q)) return true;
  const nameWords = words(entity.name);
  const initials = nameWords.map((word) => word.charAt(0)).join("");
  if (!/\s/.test(q) && initials.startsWith(q)) return true;
  const own = [...nameWords, ...words(entity.id)];
  return words(q).every((part) => own.some((word) => word.startsWith(part)));
}

/** The list's order: the most popular first, then by name as Spanish sorts it. */
export const byPopularity = (a: Pick<LinkEntity, "popularity" | "name">, b: Pick<LinkEntity, "popularity" | "name">) =>
  b.popularity - a.popularity || a.name.localeCompare(b.name, "es");
