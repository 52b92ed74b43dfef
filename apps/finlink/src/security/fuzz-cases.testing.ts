/** The cases the OpenAPI fuzz test sends, one operation at a time, built from the document alone. */
import {
  generateBody,
  HEADER_CONTROL_CHARACTERS,
  type JsonSchema,
  overLong,
  type Random,
  withControl,
  withSlot,
} from "./openapi-fuzz.testing";

export interface Parameter {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, unknown>[];
  responses: Record<string, unknown>;
}
export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, Parameter> };
}
export interface Case {
  label: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  /** The one status the answer must have, where the rule leaves no choice. */
  status?: number;
}

/** What the cases are built from: the document, valid values by name, and credentials by security scheme. */
export interface Fuzz {
  doc: OpenApi;
  known: Record<string, string>;
  auth: Record<string, Record<string, string>>;
}

const byRef = <T>(table: Record<string, T>, ref: string) => table[ref.split("/").at(-1) ?? ""];

const resolve = (doc: OpenApi, schema: JsonSchema): JsonSchema =>
  schema.$ref ? resolve(doc, byRef(doc.components.schemas, schema.$ref) ?? {}) : schema;

const parametersOf = (doc: OpenApi, operation: Operation) =>
  (operation.parameters ?? []).map((p) => (p.$ref ? (byRef(doc.components.parameters, p.$ref) as Parameter) : p));

/** Every case for one operation: a valid request first, then one broken input at a time. */
export function casesFor(fuzz: Fuzz, path: string, operation: Operation, random: Random): Case[] {
  const { known, auth } = fuzz;
  const parameters = parametersOf(fuzz.doc, operation);
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  const credentials = Object.assign({}, ...schemes.map((scheme) => auth[scheme]));
  const params = Object.fromEntries(
    parameters.filter((p) => p.in === "path").map((p) => [p.name, known[p.name] ?? "a"]),
  );
  const query = Object.fromEntries(
    parameters.filter((p) => p.in === "query" && known[p.name]).map((p) => [p.name, known[p.name] as string]),
  );
  const headers = Object.fromEntries(
    parameters.filter((p) => p.in === "header" && known[p.name]).map((p) => [p.name, known[p.name] as string]),
  );
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  const generated = bodySchema
    ? generateBody(bodySchema, (schema) => resolve(fuzz.doc, schema), known, random)
    : undefined;
  const json = { "Content-Type": "application/json" };
  const base = (label: string, change: Partial<Case> & { params?: Record<string, string> } = {}): Case => ({
    label,
    path: path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(change.params?.[name] ?? params[name] ?? ""),
    ),
    query: change.query ?? query,
    headers: change.headers ?? { ...credentials, ...headers, ...(generated ? json : {}) },
    ...(generated ? { body: JSON.stringify(generated.body) } : {}),
    ...(change.body !== undefined ? { body: change.body } : {}),
    ...(change.status ? { status: change.status } : {}),
  });
  const bad = (valid: string, maxLength: number | undefined, characters?: string[]) => [
    ...[0, 1].map(() => ({ value: withControl(valid, random, characters), control: true })),
    ...overLong(maxLength).map((value) => ({ value, control: false })),
  ];
  const cases: Case[] = [base("valid")];
  if (schemes.length > 0) cases.push(base("no credentials", { headers: { ...headers, ...(generated ? json : {}) } }));
  if (schemes.includes("bearerAuth"))
    cases.push(
      base("control character in Authorization", {
        headers: {
          ...headers,
          ...json,
          Authorization: withControl(credentials.Authorization, random, HEADER_CONTROL_CHARACTERS),
        },
        status: 400,
      }),
    );
  for (const p of parameters) {
    const valid =
      (p.in === "path" ? params[p.name] : p.in === "query" ? query[p.name] : headers[p.name]) ?? known[p.name] ?? "a";
    const chars = p.in === "header" ? HEADER_CONTROL_CHARACTERS : undefined;
    for (const { value, control } of bad(valid, p.schema.maxLength, chars)) {
      const label = `${control ? "control character" : `${value.length} characters`} in ${p.in} ${p.name}`;
      if (p.in === "path") cases.push(base(label, { params: { [p.name]: value }, status: 400 }));
      else if (p.in === "query") cases.push(base(label, { query: { ...query, [p.name]: value }, status: 400 }));
      else cases.push(base(label, { headers: { ...base("").headers, [p.name]: value }, status: 400 }));
    }
  }
  if (schemes.includes("linkSession"))
    for (const { value, control } of bad(auth.linkSession?.["X-Link-Session"] ?? "", 200, HEADER_CONTROL_CHARACTERS))
      cases.push(
        base(`${control ? "control character" : "over-long"} X-Link-Session`, {
          headers: { ...base("").headers, "X-Link-Session": value },
          status: 400,
        }),
      );
  cases.push(base("an unknown query parameter with a NUL (ignored)", { query: { ...query, unknown: "a\u0000b" } }));
  if (generated) {
    for (const slot of generated.slots) {
      const valid = slot.key
        ? (slot.path.at(-1) as string)
        : String(slot.path.reduce<unknown>((at, k) => (at as never)[k], generated.body));
      for (const { value, control } of bad(valid, slot.maxLength))
        cases.push(
          base(
            `${control ? "control character" : `${value.length} characters`} in body ${slot.key ? "key" : "field"} ${slot.path.join(".")}`,
            { body: JSON.stringify(withSlot(generated.body, slot, value)), ...(control ? { status: 400 } : {}) },
          ),
        );
    }
    for (const malformed of ["{", '{"a":', "nul", '{"a":1}}', "\u0000"])
      cases.push(base(`malformed JSON ${JSON.stringify(malformed)}`, { body: malformed, status: 400 }));
    for (const wrong of ["[]", "null", "42", '"s"', "{}"]) cases.push(base(`JSON ${wrong}`, { body: wrong }));
    const required = operation.requestBody?.required === true;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
      cases.push(
        base(`Content-Type ${type}`, {
          headers: { ...base("").headers, "Content-Type": type },
          ...(required ? { status: 415 } : {}),
        }),
      );
    cases.push(base("no Content-Type", { headers: { ...credentials, ...headers } }));
    cases.push(base("empty body", { body: "" }));
    cases.push(
      base("an unknown body field with a NUL (ignored)", {
        body: JSON.stringify({ ...(generated.body as object), unknownField: "a\u0000b" }),
      }),
    );
  }
  return cases;
}
