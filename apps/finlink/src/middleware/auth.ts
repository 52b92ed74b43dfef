import type { Scope } from "@finlink/contracts";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { forbidden, unauthorized } from "../lib/problem";

export const API_AUDIENCE = "finlink-api";
export const API_TOKEN_TYP = "at+jwt";

/**
 * Requires a valid API token (`Authorization: Bearer …`) carrying `scope`; a function picks the scope
 * from the request (commands need `delete` for DELETE, `write` otherwise).
 */
export function requireAuth(scope: Scope | ((method: string) => Scope)) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization");
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1])
      throw unauthorized(
        "Send the token from POST /api/v1/auth/login as `Authorization: Bearer <token>`",
        "MISSING_TOKEN",
      );
    let payload: Awaited<ReturnType<typeof c.var.services.keys.verify>>;
    try {
      payload = await c.var.services.keys.verify("api", match[1], { typ: API_TOKEN_TYP, audience: API_AUDIENCE });
    } catch {
      throw unauthorized("The token is invalid or expired; log in again", "INVALID_TOKEN");
    }
    const scopes = String(payload.scope ?? "").split(" ") as Scope[];
    const needed = typeof scope === "function" ? scope(c.req.method) : scope;
    if (!scopes.includes(needed))
      throw forbidden(
        `This call needs the '${needed}' scope; the token has '${scopes.join(" ")}'`,
        "INSUFFICIENT_SCOPE",
      );
    c.set("auth", { appId: String(payload.sub), scopes });
    await next();
  });
}

export const commandScope = (method: string): Scope => (method === "DELETE" ? "delete" : "write");
