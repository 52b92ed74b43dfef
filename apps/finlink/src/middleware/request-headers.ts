import { text } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { badRequest } from "../lib/problem";

/** `X-Client-Trace-ID`, echoed back and logged: a value that could forge a log line never gets there. */
export const ClientTraceId = z
  .string()
  .regex(/^[\w.:/=+-]{1,128}$/)
  .meta({ description: "Your trace id (1–128 of letters, digits, `_ . : / = + -`), echoed back and logged" });

/** `X-Link-Session`: a session token is 47 characters; a longer or control-character value is no token. */
export const LinkSessionHeader = text({ max: 200 });

/** `Authorization`: our API tokens are well under 1 KB; anything this long or with a control character is malformed. */
export const AuthorizationHeader = text({ max: 4096 });

/**
 * Refuses (400 problem+json) a request whose headers in `rules` are present but break their rule: headers
 * the handlers read without a route schema of their own. Empty counts as absent.
 */
export function wellFormedHeaders(rules: Record<string, z.ZodType>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, rule] of Object.entries(rules)) {
      const value = c.req.header(name);
      if (value && !rule.safeParse(value).success)
        throw badRequest(`The ${name} header is malformed: see the OpenAPI document for its rule`, {
          reason: "INVALID_HEADER",
        });
    }
    await next();
  });
}

/**
 * `Cache-Control: no-store` on every answer without a policy of its own: API answers carry tokens and
 * credentials (login, exchange, pending, Link sessions, a connection's update/restore tokens), and no
 * browser or proxy cache may keep one. The public verification key sets its own.
 */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});
