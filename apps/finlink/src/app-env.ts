import type { Scope } from "@finlink/contracts";
import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "./lib/problem";
import { validationStatus } from "./lib/validation-status";
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
 * A router whose validation failures become problem+json: a body that is not valid JSON is 400, a
 * JSON body that breaks the schema is 422 (400 when a string in it holds a control character), a bad
 * path or query parameter is 400.
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
      // The validator passes the refused input as `data`; its types leave it out.
      const input = (result as { data?: unknown }).data;
      const status = validationStatus(result.target, result.error.issues, input);
      throw new ApiError(status, status === 422 ? "Unprocessable Content" : "Bad Request", `Invalid ${where}`, {
        reason: "VALIDATION_ERROR",
        errors,
      });
    },
  });
}
