import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Marked, type Tokens } from "marked";

/** The guides beside the reference, in the order the bar lists them. Each is `guides/<slug>.md`. */
export const GUIDES = [
  { slug: "link-flow", title: "The Link flow, end to end", short: "Link flow" },
  { slug: "verifying-webhooks", title: "Verifying webhooks", short: "Webhooks" },
  { slug: "sandbox-users", title: "The sandbox users", short: "Sandbox users" },
  { slug: "differences-from-vumi", title: "Differences from Vumi", short: "Differences from Vumi" },
] as const;
export type Guide = (typeof GUIDES)[number];

export const guidePath = (slug: string) => `/api/v1/docs/guides/${slug}`;

export const findGuide = (slug: string): Guide | undefined => GUIDES.find((guide) => guide.slug === slug);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>|&#?\w+;/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");

/**
 * Markdown to HTML with raw HTML escaped, not passed through (the guides are ours, but a page that can
 * only ever hold markup marked makes cannot be turned into a script carrier by an edit), and headings
 * that can be linked to.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    heading({ tokens, depth }: Tokens.Heading) {
      const inner = this.parser.parseInline(tokens);
      return `<h${depth} id="${slugOf(inner)}">${inner}</h${depth}>\n`;
    },
  },
});

/** Markdown to HTML, raw HTML escaped. */
export const renderMarkdown = (source: string): string => markdown.parse(source, { async: false });

/** A guide's HTML, with `{{FINLINK_URL}}` replaced by this server's public URL so its examples run as shown. */
export async function renderGuide(guide: Guide, publicUrl: string): Promise<string> {
  const source = await readFile(fileURLToPath(new URL(`./guides/${guide.slug}.md`, import.meta.url)), "utf8");
  return renderMarkdown(source.replaceAll("{{FINLINK_URL}}", publicUrl));
}
