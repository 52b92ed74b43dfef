import { randomBytes } from "node:crypto";
import { and, eq, gt, notInArray } from "drizzle-orm";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env";
import { linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import type { Services } from "../../services";
import { sessionContext } from "./link-session";
import type { PendingRedirect } from "./redirect-sign-in.service";
import { BEGIN_PATH, BINDING_COOKIE_PATH, bindingCookieName } from "./return-url";

// The first stop of a redirect sign-in, top-level in the browser that will come back (the popup, the top page,
// Link's full page): it binds the pending redirect to that browser with a cookie, then sends it on to the bank.
// A return URL (or its state) that leaks is then useless in another browser: completion needs this cookie, or the
// session's own token.

/** Where `GET /link/redirect/begin` sends the browser, and the cookie it sets there; null for an unusable ticket. */
export interface Begun {
  bankUrl: string;
  cookie: { name: string; value: string; maxAge: number };
}

/**
 * Consumes `ticket` (single use, only while its redirect is pending and its session live) and stores the hash of a
 * fresh binding secret in its place; answers the bank's URL and the cookie that carries the secret.
 */
export async function beginRedirect(services: Services, ticket: string): Promise<Begun | null> {
  if (!ticket) return null;
  const now = services.now();
  const binding = randomBytes(32).toString("base64url");
  const [row] = await services.database.db
    .update(linkSessions)
    .set({ redirectTicketHash: null, redirectBindingHash: sha256(binding), updatedAt: now })
    .where(
      and(
        eq(linkSessions.redirectTicketHash, sha256(ticket)),
        gt(linkSessions.redirectExpiresAt, now),
        gt(linkSessions.expiresAt, now),
        notInArray(linkSessions.step, ["DONE", "LOCKED"]),
        eq(linkSessions.signInDenied, false),
      ),
    )
    .returning();
  if (!row?.redirectEnc || !row.redirectStateHash || !row.redirectExpiresAt) return null;
  const pending = services.cipher.decryptJson<PendingRedirect>(row.redirectEnc, sessionContext(row.id, "redirect"));
  const maxAge = Math.max(1, Math.ceil((row.redirectExpiresAt.getTime() - now.getTime()) / 1000));
  return {
    bankUrl: pending.bankUrl,
    cookie: { name: bindingCookieName(row.redirectStateHash), value: binding, maxAge },
  };
}

/** The page for a used, unknown or expired ticket: never a redirect (it would go nowhere this browser may go). */
const TICKET_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in link expired</title></head>
<body>
<main>
<h1>This sign-in link has expired or was already used</h1>
<p>Close this window and start the sign-in again from the app.</p>
<p lang="es">Este enlace de acceso ha caducado o ya se usó. Cierra esta ventana y vuelve a empezar desde la aplicación.</p>
</main>
</body>
</html>
`;

/** `GET /link/redirect/begin?ticket=…`: 303 to the bank with the binding cookie set, or a 400 page. */
export const redirectBeginRouter = new Hono<AppEnv>().get(BEGIN_PATH, async (c) => {
  const { services } = c.var;
  // The URL carries a single-use ticket: no cache keeps it, no Referer carries it on, nobody frames this page.
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  );
  const begun = await beginRedirect(services, c.req.query("ticket") ?? "");
  if (!begun) return c.html(TICKET_PAGE, 400);
  setCookie(c, begun.cookie.name, begun.cookie.value, {
    httpOnly: true,
    // Lax: sent on the bank's top-level GET back to /link/return and the return page's same-origin fetch; never on
    // another site's subresource or POST.
    sameSite: "Lax",
    path: BINDING_COOKIE_PATH,
    secure: new URL(services.config.publicUrl).protocol === "https:",
    maxAge: begun.cookie.maxAge,
  });
  return c.redirect(begun.bankUrl, 303);
});
