import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Config } from "../../config";
import { operatorSessions, operators } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import type { Services } from "../../services";
import type { ConsoleEnv } from "./console-env";

/** A session lasts at most 12 hours, and ends after 30 minutes without a request. */
export const SESSION_MAX_MS = 12 * 3_600_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_COOKIE = "finlink_console";
export const CONSOLE_PATH = "/console";

export interface OperatorSession {
  operatorId: string;
  username: string;
  /** The cookie's value: never stored, only its SHA-256. */
  token: string;
}

/** Opens a session for the operator; answers the cookie's value (256 random bits). */
export async function openSession(services: Services, operatorId: string): Promise<string> {
  const token = `ops_${randomBytes(32).toString("base64url")}`;
  const now = services.now();
  await services.database.db.insert(operatorSessions).values({
    idHash: sha256(token),
    operatorId,
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    lastSeenAt: now,
  });
  return token;
}

/** The live session the token names, its idle clock restarted; undefined when expired, idle or unknown. */
export async function findSession(services: Services, token: string): Promise<OperatorSession | undefined> {
  const now = services.now();
  const idHash = sha256(token);
  const [row] = await services.database.db
    .update(operatorSessions)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(operatorSessions.idHash, idHash),
        gt(operatorSessions.expiresAt, now),
        gt(operatorSessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .returning({ operatorId: operatorSessions.operatorId });
  if (!row) return undefined;
  const [operator] = await services.database.db
    .select({ username: operators.username })
    .from(operators)
    // A disabled operator's sessions are deleted; this also refuses one opened by a sign-in that raced the disable.
    .where(and(eq(operators.id, row.operatorId), isNull(operators.disabledAt)));
  return operator && { operatorId: row.operatorId, username: operator.username, token };
}

/** Ends a session (sign-out); also sweeps every expired or idle one. */
export async function closeSession(services: Services, token: string): Promise<void> {
  const now = services.now();
  await services.database.db
    .delete(operatorSessions)
    .where(
      or(
        eq(operatorSessions.idHash, sha256(token)),
        lte(operatorSessions.expiresAt, now),
        lte(operatorSessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    );
}

/** The console's own origin (decision 011), which its forms must come from and its cookie is bound to. */
export function consoleOrigin(config: Pick<Config, "console">): string {
  if (!config.console) throw new Error("The console is off (FINLINK_CONSOLE_PORT=off)");
  return config.console.publicUrl;
}

/**
 * The session cookie: HttpOnly and SameSite=Strict. On https it is `__Host-` prefixed (Secure, Path=/, no Domain):
 * browsers then refuse a cookie of that name set over http or by a sibling host (`Domain=finlink.example` from
 * api.finlink.example), so nothing but the console's own origin can plant or overwrite one. On http (local
 * development, where the console shares the API's host on another port and cookies ignore ports) it keeps
 * Path=/console, so it is not sent along with every request to the API on the same host.
 */
export function sessionCookieSpec(config: Pick<Config, "console">) {
  const https = new URL(consoleOrigin(config)).protocol === "https:";
  return https
    ? { name: `__Host-${SESSION_COOKIE}`, path: "/", secure: true }
    : { name: SESSION_COOKIE, path: CONSOLE_PATH, secure: false };
}

export function setSessionCookie(c: Context<ConsoleEnv>, token: string) {
  const { name, path, secure } = sessionCookieSpec(c.var.services.config);
  setCookie(c, name, token, { httpOnly: true, sameSite: "Strict", path, secure, maxAge: SESSION_MAX_MS / 1000 });
}

export const sessionCookie = (c: Context<ConsoleEnv>) => getCookie(c, sessionCookieSpec(c.var.services.config).name);
export function clearSessionCookie(c: Context<ConsoleEnv>) {
  const { name, path, secure } = sessionCookieSpec(c.var.services.config);
  deleteCookie(c, name, { path, secure });
}

const csrfKeys = new WeakMap<Buffer, Buffer>();
/** The key CSRF tokens are HMACs under, derived from the data key (the same in every process). */
function csrfKey(encryptionKey: Buffer): Buffer {
  let key = csrfKeys.get(encryptionKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "finlink console csrf", 32));
    csrfKeys.set(encryptionKey, key);
  }
  return key;
}

/** The session's CSRF token: an HMAC of the session id, so it needs no storage and dies with the session. */
export const csrfToken = (services: Services, session: OperatorSession) =>
  createHmac("sha256", csrfKey(services.config.encryptionKey)).update(session.token).digest("base64url");

/** Whether `given` is the session's CSRF token (compared in constant time). */
export function validCsrf(services: Services, session: OperatorSession, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const expected = Buffer.from(csrfToken(services, session));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
