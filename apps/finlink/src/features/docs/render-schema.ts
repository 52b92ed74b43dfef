import { anchor, h, type Part, prose, type SafeHtml } from "./safe-html";

/** The parts of a JSON Schema (OpenAPI 3.1 dialect) the docs page shows. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  example?: unknown;
}

const COMPONENT_PREFIX = "#/components/schemas/";

/** The name a `$ref` points to, shown as a link to its entry in the Schemas section. */
export function refLink(ref: string): SafeHtml {
  const name = ref.startsWith(COMPONENT_PREFIX) ? ref.slice(COMPONENT_PREFIX.length) : ref;
  return h`<a href="#${anchor("schema", name)}">${name}</a>`;
}

const literal = (value: unknown) => h`<code>${JSON.stringify(value)}</code>`;
const joined = (items: SafeHtml[], separator: string) => items.flatMap((item, i) => (i ? [separator, item] : [item]));

/** A one-line type: "string (date)", "array of Account", `"BUY" | "SELL"`, "string | null". */
function typeLabel(schema: JsonSchema): Part {
  if (schema.$ref) return refLink(schema.$ref);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return joined(schema.enum.map(literal), " | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (schema.items && types.includes("array")) return h`array of ${typeLabel(schema.items)}`;
  const name =
    types.join(" | ") || (schema.oneOf ? "one of" : schema.anyOf ? "any of" : schema.allOf ? "all of" : "any");
  return schema.format ? `${name} (${schema.format})` : name;
}

/** Constraints and examples, for the reader who has to build a valid value. */
function facts(schema: JsonSchema): SafeHtml[] {
  const out: SafeHtml[] = [];
  const range = (min?: number, max?: number, what = "") =>
    min === undefined && max === undefined ? undefined : `${what}${min ?? "…"}–${max ?? "…"}`;
  const length = range(schema.minLength, schema.maxLength, "length ");
  const bounds = range(schema.minimum, schema.maximum);
  if (length) out.push(h`${length}`);
  if (bounds) out.push(h`${bounds}`);
  if (schema.pattern) out.push(h`pattern ${literal(schema.pattern)}`);
  if (schema.default !== undefined) out.push(h`default ${literal(schema.default)}`);
  if (schema.example !== undefined) out.push(h`e.g. ${literal(schema.example)}`);
  return out;
}

/** What a schema contains: properties, variants, array items or free-form keys; nothing for a `$ref`. */
function children(schema: JsonSchema): SafeHtml | undefined {
  if (schema.$ref) return undefined;
  if (schema.properties) {
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties).map(
      ([name, property]) =>
        h`<li><code class="name">${name}</code>${required.has(name) ? h` <span class="req">required</span>` : ""} ${node(property)}</li>`,
    );
    return h`<ul class="tree">${fields}</ul>`;
  }
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (variants) return h`<ol class="tree">${variants.map((variant) => h`<li>${node(variant)}</li>`)}</ol>`;
  if (schema.items) return children(schema.items);
  if (typeof schema.additionalProperties === "object") {
    return h`<ul class="tree"><li><em>any key</em> ${node(schema.additionalProperties)}</li></ul>`;
  }
  return undefined;
}

/** A schema as a compact tree; `$ref`s are links rather than expanded, which also keeps cycles finite. */
export function node(schema: JsonSchema): SafeHtml {
  const details = facts(schema);
  return h`<span class="type">${typeLabel(schema)}</span>${
    details.length ? h` <span class="facts">${joined(details, " · ")}</span>` : ""
  }${schema.description ? h` <span class="desc">— ${prose(schema.description)}</span>` : ""}${children(schema)}`;
}
