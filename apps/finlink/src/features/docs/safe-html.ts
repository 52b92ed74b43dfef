/** Markup whose text parts were escaped when it was built: `h` inserts it as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = SafeHtml | string | number | false | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function render(part: Part): string {
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  if (part === null || part === undefined || part === false) return "";
  return escapeHtml(String(part));
}

/**
 * A template whose interpolated values are escaped unless they are `SafeHtml` (arrays are joined), so
 * every piece of text from the OpenAPI document reaches the page escaped.
 *
 * @example h`<td>${name}</td>` // name "<b>" → "<td>&lt;b&gt;</td>"
 */
export function h(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Prose from the document: escaped, with `backtick spans` shown as code as the descriptions intend. */
export function prose(text: string | undefined): SafeHtml | undefined {
  if (!text) return undefined;
  return new SafeHtml(escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>"));
}

/** A fragment-safe id for `#anchors`. */
export const anchor = (...parts: string[]) =>
  parts
    .join("-")
    .replace(/[^A-Za-z0-9_]+/g, "-")
    .replace(/^-|-$/g, "");
