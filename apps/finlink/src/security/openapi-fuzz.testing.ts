/** Inputs for the OpenAPI fuzz test, generated from the document's JSON Schemas with a seeded generator. */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** mulberry32: small, fast and the same sequence for the same seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}
export type Random = ReturnType<typeof seededRandom>;

/** C0, DEL and C1, the boundaries of each range among them. */
export const CONTROL_CHARACTERS = [
  "\u0000",
  "\u0001",
  "\t",
  "\n",
  "\r",
  "\u001b",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u009f",
];
/** Those a `Headers` object can carry at all (no NUL, CR or LF; nothing past U+00FF). */
export const HEADER_CONTROL_CHARACTERS = ["\u0001", "\t", "\u001b", "\u001f", "\u007f", "\u0085", "\u009f"];

/** A string slot of a generated body: a value at `path`, or (`key`) the record key `path` ends in. */
export interface Slot {
  path: string[];
  key: boolean;
  maxLength: number | undefined;
}

/**
 * A valid body for `schema` with every property filled (so optional fields are fuzzed too), `known`
 * values by property name, and the string slots found on the way.
 */
export function generateBody(
  schema: JsonSchema,
  resolve: (schema: JsonSchema) => JsonSchema,
  known: Record<string, unknown>,
  random: Random,
) {
  const slots: Slot[] = [];
  const generate = (raw: JsonSchema, path: string[]): unknown => {
    const s = resolve(raw);
    if (s.allOf) return generate(Object.assign({}, ...s.allOf.map(resolve)), path);
    const variants = (s.oneOf ?? s.anyOf)?.filter((v) => resolve(v).type !== "null");
    if (variants && !s.properties) return generate(random.pick(variants), path);
    const name = path.at(-1);
    if (name && name in known && typeOf(s) !== "object") return known[name];
    if (s.const !== undefined) return s.const;
    if (s.enum) return random.pick(s.enum);
    switch (typeOf(s)) {
      case "object": {
        const body: Record<string, unknown> = {};
        for (const [prop, propSchema] of Object.entries(s.properties ?? {}))
          body[prop] = generate(propSchema, [...path, prop]);
        if (typeof s.additionalProperties === "object") {
          slots.push({ path: [...path, "field"], key: true, maxLength: resolve(s.propertyNames ?? {}).maxLength });
          body.field = generate(s.additionalProperties, [...path, "field"]);
        }
        return body;
      }
      case "array":
        return [generate(s.items ?? {}, [...path, "0"])];
      case "integer":
      case "number":
        return s.default ?? s.minimum ?? 1;
      case "boolean":
        return true;
      case "string":
        slots.push({ path, key: false, maxLength: s.maxLength });
        return stringFor(s);
      default:
        return null;
    }
  };
  const body = generate(schema, []);
  return { body, slots };
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

function stringFor(s: JsonSchema): string {
  if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (s.format === "date") return "2026-01-01";
  if (s.format === "date-time") return "2026-01-01T00:00:00.000Z";
  if (s.format === "uri") return "https://example.com/";
  return "a".repeat(Math.max(s.minLength ?? 1, 1));
}

/** `body` with the slot replaced: its value, or its record key (the value kept). */
export function withSlot(body: unknown, slot: Slot, value: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const parent = slot.path
    .slice(0, -1)
    .reduce<Record<string, unknown>>((at, k) => at[k] as Record<string, unknown>, copy);
  const last = slot.path.at(-1) as string;
  if (slot.key) {
    parent[value] = parent[last];
    delete parent[last];
  } else parent[last] = value;
  return copy;
}

/** A string a control character was put into, at a random place inside it (a header's ends are trimmed). */
export function withControl(valid: string, random: Random, characters = CONTROL_CHARACTERS): string {
  const at = valid.length < 2 ? valid.length : 1 + Math.floor(random.next() * (valid.length - 1));
  return valid.slice(0, at) + random.pick(characters) + valid.slice(at);
}

/** Over-long values: one past `maxLength` (the boundary) and one far past it. */
export const overLong = (maxLength: number | undefined) => [
  ...(maxLength === undefined ? [] : ["x".repeat(maxLength + 1)]),
  "x".repeat((maxLength ?? 0) + 5000),
];
