import { eq } from "drizzle-orm";
import { appRedirects } from "../../db/schema";
import type { Services } from "../../services";
import { verifyStartToken } from "../link/start-token";

const EXPIRED_TOKEN_GRACE_SECONDS = 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Only plain origins reach the header: a host with `;`, `,` or a quote would inject a directive.
const SAFE_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i;

/** The origins of an app's redirect URIs: the only sites allowed to frame Link for it. */
async function appOrigins(services: Services, appId: string): Promise<string[]> {
  const rows = await services.database.db
    .select({ uri: appRedirects.uri })
    .from(appRedirects)
    .where(eq(appRedirects.appId, appId));
  return [...new Set(rows.map((r) => new URL(r.uri).origin))].filter((origin) => SAFE_ORIGIN.test(origin));
}

async function appIdOf(services: Services, query: URLSearchParams): Promise<string | undefined> {
  const token = query.get("authToken") ?? query.get("token");
  if (token) {
    try {
      // A genuine token that expired (an iframe reloaded later) still names its app, so the app's site
      // may frame the page and the user sees Link's own "This link has expired" instead of a blocked frame.
      return (await verifyStartToken(services.keys, token, { expiredUpToSeconds: EXPIRED_TOKEN_GRACE_SECONDS })).sub;
    } catch {
      return undefined;
    }
  }
  const redirectId = query.get("id");
  if (!redirectId || !UUID.test(redirectId)) return undefined;
  const [row] = await services.database.db
    .select({ appId: appRedirects.appId })
    .from(appRedirects)
    .where(eq(appRedirects.id, redirectId));
  return row?.appId;
}

/**
 * The `frame-ancestors` sources for a Link page request: the origins registered by the app that the
 * start token or redirect id names; `'none'` when the request names no app (the page then shows its
 * error, and nobody may frame that either).
 */
export async function frameAncestors(services: Services, query: URLSearchParams): Promise<string> {
  try {
    const appId = await appIdOf(services, query);
    const origins = appId ? await appOrigins(services, appId) : [];
    return origins.length > 0 ? origins.join(" ") : "'none'";
  } catch (error) {
    // The page must still render (it shows its own error) — framed by nobody.
    services.logger.error({ err: error }, "frame-ancestors lookup failed");
    return "'none'";
  }
}
