import { Problem } from "@finlink/contracts";
import { z } from "zod";
import { AuthorizationHeader, ClientTraceId, LinkSessionHeader } from "../middleware/request-headers";
import { MAX_BODY_BYTES } from "./http-body";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

/** The error responses most routes share, for the OpenAPI document. */
export const errorResponses = {
  400: problem("Malformed request"),
  401: problem("`MISSING_TOKEN`, or `INVALID_TOKEN` (forged or expired: log in again)"),
  403: problem("`INSUFFICIENT_SCOPE`: the token lacks the scope this call needs"),
  404: problem("Not found, or not the calling app's (`CONNECTION_NOT_FOUND`, `APP_NOT_FOUND`, `NO_SUCH_ROUTE`…)"),
} as const;

export const problemResponse = problem;

export const bearer = [{ bearerAuth: [] }];

/** A JSON response of `schema`, for createRoute's `responses`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** What this module reads and writes of an OpenAPI 3.1 document. */
interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
  responses: Record<string, { description: string; content?: unknown }>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { parameters?: Record<string, unknown>; securitySchemes?: Record<string, { description?: string }> };
}

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema);
  return rest;
};
const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
const TRACE_PARAMETER = "ClientTraceId";

// Invalid input is 400 whatever is wrong with it, as Vumi documents (its status set has no 422).
const SHARED_400 =
  "A body that breaks the schema, a control character in any string (body, path, query or header), a parameter or header that breaks its rule (lengths, patterns), or a body that is not JSON (`reason` `VALIDATION_ERROR` with `errors` naming the failing fields, `INVALID_HEADER` or `MALFORMED_JSON`)";
const SHARED = {
  413: `The body is larger than ${MAX_BODY_BYTES} bytes`,
  415: "`UNSUPPORTED_MEDIA_TYPE`: the body is not sent as `Content-Type: application/json`",
  bearer401: "Missing, invalid or expired API token",
  bearer403: "The token lacks the scope this call needs",
  session401: "`SESSION_EXPIRED`: missing, unknown or expired session token",
};

/**
 * Writes into the generated document the rules the app enforces in middleware for every operation (the
 * routes state only their own): the `X-Client-Trace-ID` header, the 400 of malformed input, 413 and 415
 * on every operation with a body, 401/403 of the bearer token and 401 of the Link session. So each
 * operation lists every status it can answer, which a client generated from the document relies on.
 */
export function withSharedRules<D extends object>(generated: D): D {
  const document = generated as Document;
  document.components ??= {};
  const { components } = document;
  components.parameters = {
    ...components.parameters,
    [TRACE_PARAMETER]: {
      name: "X-Client-Trace-ID",
      in: "header",
      required: false,
      description: ClientTraceId.description,
      schema: jsonSchema(ClientTraceId),
    },
  };
  // A security scheme has no schema: its header's rule goes into its description.
  for (const [name, header] of [
    ["linkSession", LinkSessionHeader],
    ["bearerAuth", AuthorizationHeader],
  ] as const) {
    const scheme = components.securitySchemes?.[name];
    const { maxLength } = jsonSchema(header) as { maxLength: number };
    if (scheme)
      scheme.description = `${scheme.description}. The header: at most ${maxLength} characters, no control characters (400 otherwise).`;
  }
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) addSharedRules(operation);
  }
  return generated;
}

function addSharedRules(operation: Operation) {
  operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${TRACE_PARAMETER}` }];
  const { responses } = operation;
  const add = (status: number, description: string) => {
    const own = responses[status];
    const generic = !own || own.description === errorResponses[400].description;
    responses[status] = generic
      ? { description, content: problemContent }
      : { ...own, description: `${own.description}. Also: ${description}` };
  };
  add(400, SHARED_400);
  if (operation.requestBody) {
    add(413, SHARED[413]);
    add(415, SHARED[415]);
  }
  const schemes = new Set(operation.security?.flatMap((requirement) => Object.keys(requirement)));
  if (schemes.has("bearerAuth")) {
    responses[401] ??= { description: SHARED.bearer401, content: problemContent };
    responses[403] ??= { description: SHARED.bearer403, content: problemContent };
  }
  if (schemes.has("linkSession")) responses[401] ??= { description: SHARED.session401, content: problemContent };
}
