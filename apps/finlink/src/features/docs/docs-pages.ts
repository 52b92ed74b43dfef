import { html, raw } from "hono/html";
import { GUIDES, guidePath } from "./guides";
import type { DocsAssets } from "./static-assets";

export const REFERENCE_PATH = "/api/v1/docs";
const assetPath = (name: string) => `${REFERENCE_PATH}/assets/${name}`;

/**
 * The reference page's policy. Scripts only from our origin (the bundle and our init file: no inline
 * script, no eval). Style elements need the page's nonce: Scalar puts the one of `<meta
 * property="csp-nonce">` on its stylesheet and our init script on the few other <style> elements the
 * bundle's libraries create, so a <style> injected as markup is still refused. Style *attributes* are
 * allowed (`style-src-attr 'unsafe-inline'`): Scalar's highlighted code and CodeMirror set them in markup
 * they build; an attribute can neither run script nor fetch from anywhere img-src and font-src do not
 * allow. Calls ("Test Request") go only to this server: 'self', and its public URL when the page is
 * reached under another name.
 */
export function referencePolicy(nonce: string, publicUrl: string): string {
  const api = new URL(publicUrl).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${api}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The guides' policy: our stylesheet, nothing else (no script at all). */
export const GUIDE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * What Scalar is told. Everything that would reach a third party is off: its web fonts
 * (fonts.scalar.com), the developer toolbar and its links, the link to its hosted client, telemetry,
 * the AI agent and MCP panels.
 * There is no proxy (its default is none): "Test Request" calls this server directly.
 */
export const scalarConfiguration = () => ({
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  // Its "Open API Client" links to Scalar's hosted client with our document's URL: this page's own
  // "Test Request" client does the same here.
  hideClientButton: true,
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: "json",
  persistAuth: false,
  authentication: { preferredSecurityScheme: "bearerAuth" },
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  metaData: { title: "Finlink API reference" },
});

// A JSON data block ends at the first "</script": `<` is written as its escape, which JSON.parse reads back.
const jsonBlock = (value: unknown) => raw(JSON.stringify(value).replace(/</g, "\\u003c"));

function bar(current: string) {
  const links = [{ href: REFERENCE_PATH, label: "API reference" }].concat(
    GUIDES.map((guide) => ({ href: guidePath(guide.slug), label: guide.short })),
  );
  return html`<nav class="fl-bar" aria-label="Documentation"><strong>Finlink API</strong>${links.map(
    (link) => html`<a href="${link.href}"${link.href === current ? raw(' aria-current="page"') : ""}>${link.label}</a>`,
  )}</nav>`;
}

const head = (title: string, assets: DocsAssets, extra: unknown = "") =>
  html`<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${extra}<title>${title}</title><link rel="stylesheet" href="${assetPath(assets.css.name)}"></head>`;

/** The reference: our bar, Scalar's mount point, its configuration and its two scripts. */
export function referencePage(assets: DocsAssets, nonce: string) {
  return html`<!doctype html><html lang="en">${head(
    "Finlink API reference",
    assets,
    html`<meta property="csp-nonce" content="${nonce}">`,
  )}<body class="fl-reference">${bar(REFERENCE_PATH)}<div id="finlink-reference"></div><script id="finlink-docs-config" type="application/json">${jsonBlock(
    scalarConfiguration(),
  )}</script><script src="${assetPath(assets.init.name)}"></script><script src="${assetPath(assets.scalar.name)}"></script></body></html>`;
}

/** A guide: our bar and the guide's HTML (markdown rendered with raw HTML escaped). */
export function guidePage(assets: DocsAssets, slug: string, title: string, body: string) {
  return html`<!doctype html><html lang="en">${head(`${title} — Finlink API`, assets)}<body>${bar(
    guidePath(slug),
  )}<main class="fl-guide">${raw(body)}</main></body></html>`;
}
