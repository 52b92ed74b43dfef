/**
 * A field's label inside a sentence: "Username" → "username", but an acronym stays as written ("DNI / NIE",
 * "PIN", "ID number"): labels come from each connector, capitalised as headings.
 * @example inSentence("Contraseña") // "contraseña"
 */
export function inSentence(label: string): string {
  const first = label.split(/[\s/(]/, 1)[0] ?? "";
  if (first.length > 1 && first === first.toUpperCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * Labels as one list: "a, b or c", each after `each` ("tu usuario y tu contraseña").
 * @example listOf(["Username", "Password"], "or") // "username or password"
 */
export function listOf(labels: readonly string[], conjunction: string, each = ""): string {
  const words = labels.map((label) => each + inSentence(label));
  const last = words.pop() ?? "";
  return words.length === 0 ? last : `${words.join(", ")} ${conjunction} ${last}`;
}
