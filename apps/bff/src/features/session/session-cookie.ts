import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env";
import { SESSION_MAX_MS } from "./session.service";

const NAME = "bff_session";

/** Over https the cookie is `__Host-bff_session`: Secure, Path=/, no Domain, so no subdomain can set or shadow it. */
const prefixOf = (c: Context<AppEnv>) => (c.var.services.config.secure ? ("host" as const) : undefined);

/** The session id the browser sent, if any. */
export const readSessionCookie = (c: Context<AppEnv>): string | undefined => {
  const prefix = prefixOf(c);
  return prefix ? getCookie(c, NAME, prefix) : getCookie(c, NAME);
};

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), for the session's whole life. */
export function writeSessionCookie(c: Context<AppEnv>, sessionId: string): void {
  const prefix = prefixOf(c);
  setCookie(c, NAME, sessionId, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: c.var.services.config.secure,
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
    ...(prefix ? { prefix } : {}),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const prefix = prefixOf(c);
  deleteCookie(c, NAME, { path: "/", secure: c.var.services.config.secure, ...(prefix ? { prefix } : {}) });
}
