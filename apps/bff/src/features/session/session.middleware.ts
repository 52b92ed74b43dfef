import type { BffUser } from "@finlink/contracts";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env";
import { sha256 } from "../../lib/crypto";
import { unauthorized } from "../../lib/problem";
import { sessionUser } from "./session.service";
import { clearSessionCookie, readSessionCookie } from "./session-cookie";

// 256 bits in base64url: anything else is no session id of ours, and is not looked up.
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** Reads the session cookie into `user` (null when absent, unknown or expired; a dead cookie is cleared). */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const id = readSessionCookie(c);
  if (id !== undefined) {
    const idHash = SESSION_ID.test(id) ? sha256(id) : null;
    const user = idHash ? await sessionUser(c.var.services, idHash) : null;
    if (user && idHash) {
      c.set("user", user);
      c.set("sessionHash", idHash);
    } else clearSessionCookie(c);
  }
  await next();
});

/** The signed-in user, or 401 `NOT_SIGNED_IN`. */
export function signedInUser(c: Context<AppEnv>): BffUser {
  const user = c.var.user;
  if (!user) throw unauthorized("Sign in first");
  return user;
}

/** 401 `NOT_SIGNED_IN` before anything else is looked at (the body, the connection). */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  signedInUser(c);
  await next();
});
