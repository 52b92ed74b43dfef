import { raw } from "hono/html";
import { type JsonSchema, node } from "./render-schema";
import { anchor, h, prose, SafeHtml } from "./safe-html";

interface Content {
  content?: Record<string, { schema?: JsonSchema }>;
  description?: string;
  required?: boolean;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: Content;
  responses?: Record<string, Content>;
}
interface SecurityScheme {
  type: string;
  scheme?: string;
  name?: string;
  in?: string;
  description?: string;
}
/** The parts of an OpenAPI 3.1 document the page shows. */
interface Document {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, Partial<Record<string, Operation>>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    securitySchemes?: Record<string, SecurityScheme>;
    parameters?: Record<string, Parameter>;
  };
}

const METHODS = ["get", "post", "put", "patch", "delete"];

// AA contrast in both colour schemes; no web fonts, images or scripts, so the CSP can stay 'none'.
const STYLE = `:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--code:#f3f4f6;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9da7b3;--line:#30363d;--code:#161b22;--link:#79c0ff}}
body{font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:64rem;margin:0 auto;padding:1rem 1.5rem 4rem}a{color:var(--link)}
nav ul{columns:2 22rem;padding-left:1.2rem}code{font:0.9em ui-monospace,monospace;background:var(--code);padding:0 .2em;border-radius:3px}
article{border-top:1px solid var(--line);padding:.5rem 0 1rem}h3{font-size:1.1rem;word-break:break-all}
.method{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font:700 .8rem ui-monospace,monospace;padding:.15em .4em;margin-right:.4em;vertical-align:.1em}
.get{background:#0a58ca}.post{background:#146c2e}.delete{background:#b42318}.put,.patch{background:#8a4b00}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.tree{margin:.2rem 0;padding-left:1.2rem}.type{font-family:ui-monospace,monospace;font-size:.9em}
.req{color:#b42318;font-size:.8em;font-weight:600}.facts,.desc,.note{color:var(--muted);font-size:.9em}
@media (prefers-color-scheme:dark){.req{color:#ff8182}}`;

/** The scope each group of routes needs, per the API's rules (app.ts mounts `requireAuth` this way). */
function scopeNote(method: string, path: string, requirement: Record<string, string[]>): string {
  const listed = Object.values(requirement).flat();
  if (listed.length) return `scopes: ${listed.join(", ")}`;
  if (path.startsWith("/api/v1/queries/")) return "scope: read";
  if (path.startsWith("/api/v1/commands/")) return `scope: ${method === "delete" ? "delete" : "write"}`;
  if (path.startsWith("/api/v1/sandbox/")) return "scope: write (sandbox mode only)";
  return "";
}

function security(doc: Document, method: string, path: string, operation: Operation): SafeHtml {
  const requirements = operation.security ?? [];
  if (!requirements.length) return h`<p class="note">No authentication.</p>`;
  const schemes = doc.components?.securitySchemes ?? {};
  const items = requirements.map((requirement) => {
    const names = Object.keys(requirement).map((name) => {
      const scheme = schemes[name];
      const how =
        scheme?.type === "http" ? `${scheme.scheme ?? ""} token` : `${scheme?.in ?? ""} ${scheme?.name ?? ""}`;
      return h`<a href="#${anchor("auth", name)}">${name}</a> (${how.trim()})`;
    });
    const note = scopeNote(method, path, requirement);
    return h`${names}${note ? ` — ${note}` : ""}`;
  });
  return h`<p><strong>Security:</strong> ${items.map((item, i) => (i ? h` or ${item}` : item))}</p>`;
}

function parameters(doc: Document, list: Parameter[] | undefined): SafeHtml | undefined {
  if (!list?.length) return undefined;
  // Shared parameters (X-Client-Trace-ID) are references to components.parameters.
  const resolved = list.flatMap((p) =>
    p.$ref ? (doc.components?.parameters?.[p.$ref.split("/").at(-1) ?? ""] ?? []) : p,
  );
  const rows = resolved.map(
    (p) =>
      h`<tr><td><code>${p.name}</code>${p.required ? h` <span class="req">required</span>` : ""}</td><td>${p.in}</td><td>${
        p.schema ? node({ ...p.schema, description: undefined }) : ""
      }</td><td>${prose(p.description ?? p.schema?.description)}</td></tr>`,
  );
  return h`<table><caption class="note">Parameters</caption><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function bodies(content: Content["content"]): SafeHtml[] {
  return Object.entries(content ?? {}).map(
    ([type, { schema }]) => h`<div><code>${type}</code> ${schema ? node(schema) : ""}</div>`,
  );
}

function operationHtml(doc: Document, method: string, path: string, operation: Operation): SafeHtml {
  const body = operation.requestBody;
  const responses = Object.entries(operation.responses ?? {}).map(
    ([code, response]) =>
      h`<tr><th scope="row">${code}</th><td>${prose(response.description)}${bodies(response.content)}</td></tr>`,
  );
  return h`<article id="${anchor("op", method, path)}" aria-labelledby="${anchor("op", method, path, "title")}">
<h3 id="${anchor("op", method, path, "title")}"><span class="method ${method}">${method.toUpperCase()}</span><code>${path}</code></h3>
${operation.summary ? h`<p><strong>${operation.summary}</strong></p>` : ""}${prose(operation.description) ? h`<p>${prose(operation.description)}</p>` : ""}
${security(doc, method, path, operation)}${parameters(doc, operation.parameters)}
${body ? h`<h4>Request body${body.required ? "" : " (optional)"}</h4>${prose(body.description)}${bodies(body.content)}` : ""}
<h4>Responses</h4><table><tbody>${responses}</tbody></table></article>`;
}

interface Listed {
  link: SafeHtml;
  html: SafeHtml;
}

/** Every operation in document order, grouped by its first tag (tags keep the order they first appear in). */
function operationsByTag(doc: Document): Map<string, Listed[]> {
  const byTag = new Map<string, Listed[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "Other";
      const link = h`<a href="#${anchor("op", method, path)}">${method.toUpperCase()} ${path}</a>`;
      const listed = { link, html: operationHtml(doc, method, path, operation) };
      byTag.set(tag, [...(byTag.get(tag) ?? []), listed]);
    }
  }
  return byTag;
}

function contents(byTag: Map<string, Listed[]>): SafeHtml {
  const tags = [...byTag].map(
    ([tag, listed]) =>
      h`<li><a href="#${anchor("tag", tag)}">${tag}</a><ul>${listed.map((op) => h`<li>${op.link}</li>`)}</ul></li>`,
  );
  return h`<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ul>${tags}<li><a href="#authentication">Authentication</a></li><li><a href="#schemas">Schemas</a></li></ul></nav>`;
}

function authentication(doc: Document): SafeHtml {
  const schemes = Object.entries(doc.components?.securitySchemes ?? {}).map(([name, scheme]) => {
    const how = [scheme.type, scheme.scheme, scheme.in && `in ${scheme.in}`, scheme.name].filter(Boolean).join(" ");
    return h`<dt id="${anchor("auth", name)}"><code>${name}</code></dt><dd>${how} — ${prose(scheme.description)}</dd>`;
  });
  return h`<section aria-labelledby="authentication"><h2 id="authentication">Authentication</h2><dl>${schemes}</dl></section>`;
}

function schemas(doc: Document): SafeHtml {
  const entries = Object.entries(doc.components?.schemas ?? {}).map(
    ([name, schema]) =>
      h`<article id="${anchor("schema", name)}" aria-label="${name}"><h3><code>${name}</code></h3>${node(schema)}</article>`,
  );
  return h`<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>${entries}</section>`;
}

/**
 * Renders an OpenAPI 3.1 document as one self-contained, accessible HTML page: per tag its operations
 * (method, path, summary, security, parameters, body, responses), then every component schema. All
 * text is escaped; the page has no script and one `<style>`, returned apart so the router can allow it
 * by hash in the Content-Security-Policy.
 */
export function renderDocs(document: object): { body: string; style: string } {
  const doc = document as Document;
  const { title, version, description } = doc.info;
  const byTag = operationsByTag(doc);
  const servers = (doc.servers ?? []).map((server) => h`<code>${server.url}</code> `);
  const sections = [...byTag].map(
    ([tag, listed]) =>
      h`<section aria-labelledby="${anchor("tag", tag)}"><h2 id="${anchor("tag", tag)}">${tag}</h2>${listed.map((op) => op.html)}</section>`,
  );
  const page = h`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} ${version} — API reference</title><style>${new SafeHtml(STYLE)}</style></head><body><main>
<h1>${title} <small>${version}</small></h1>${description ? h`<p>${prose(description)}</p>` : ""}
<p>${servers.length ? h`Base URL: ${servers}· ` : ""}<a href="openapi.json">OpenAPI document (JSON)</a></p>
${contents(byTag)}${sections}${authentication(doc)}${schemas(doc)}</main></body></html>`;
  // hono's `html` helper escapes plain strings; `raw` marks this one as the finished markup it is.
  return { body: raw(page.value), style: STYLE };
}
