import type { Scope } from "@finlink/contracts";
import { OpenAPIHono } from "@hono/zod-openapi";
import { badRequest } from "./lib/problem";
import type { Services } from "./services";

/** Hono's context variables: set by middleware, read by handlers. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    /** Set by `requireAuth`: the calling app and the scopes its token carries. */
    auth: { appId: string; scopes: Scope[] };
  };
}

/**
 * A router whose validation failures become problem+json 400 `VALIDATION_ERROR` with the failing fields:
 * a body that breaks the schema, a bad path, query or header parameter alike (Vumi answers invalid input
 * with 400 and has no 422).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || "(root)",
        message: issue.message,
      }));
      const where = result.target === "json" ? "request body" : `${result.target} parameters`;
      throw badRequest(`Invalid ${where}`, { reason: "VALIDATION_ERROR", errors });
    },
  });
}
