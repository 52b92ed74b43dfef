import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import { jsonContent, problemResponse } from "../../../lib/openapi";

/** Where the console's JSON operations live: under /console, so its session, CSRF and Origin guards apply. */
export const CONSOLE_API = "/console/api/v1";

const tags = ["Operator console"];
const readSecurity = [{ operatorSession: [] }];
// Both at once: the session cookie and, on every state-changing request, its CSRF token.
const writeSecurity = [{ operatorSession: [], csrfToken: [] }];

const guarded = {
  401: problemResponse("`NO_OPERATOR_SESSION`: no live operator session (sign in at /console/sign-in)"),
};
const guardedWrite = {
  ...guarded,
  403: problemResponse(
    "`ORIGIN_REFUSED`: the `Origin` header is not the console's own; `CSRF_TOKEN_INVALID`: `X-CSRF-Token` is missing or not this session's",
  ),
};
const bodyRefusals = {
  413: problemResponse("`BODY_TOO_LARGE`: the body is larger than the console takes"),
  415: problemResponse("`UNSUPPORTED_MEDIA_TYPE`: the body is not sent as `Content-Type: application/json`"),
};
export const invalid = problemResponse(
  "`VALIDATION_ERROR` (a body or parameter that breaks the schema, with `errors`), `MALFORMED_JSON`, or `INVALID_SETTING`: the rule the value breaks, in the same words as the console's form",
);
export const appNotFound = problemResponse("`APP_NOT_FOUND`: no app has this client id");

/**
 * One console operation for the OpenAPI document: its tag, the operator session (plus the CSRF token on a
 * write) and the guards' refusals, so each operation lists every status it can answer.
 */
export function consoleRoute<const R extends RouteConfig>(operation: R) {
  const write = operation.method !== "get";
  const hasBody = operation.request?.body !== undefined;
  return createRoute({
    ...operation,
    tags,
    security: write ? writeSecurity : readSecurity,
    // Every write passes the body limit, a body or not (a DELETE can carry one too); 415 needs a JSON body.
    responses: {
      ...operation.responses,
      ...(write ? { ...guardedWrite, 413: bodyRefusals[413] } : guarded),
      ...(hasBody ? bodyRefusals : {}),
    },
  } as R);
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

export { jsonContent, problemResponse };
