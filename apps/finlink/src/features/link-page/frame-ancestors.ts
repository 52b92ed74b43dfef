import type { LinkStart, LinkStartError } from "@finlink/contracts";
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

async function appIdOf(services: Services, start: LinkStart | LinkStartError): Promise<string | undefined> {
  if (start.kind === "error") return undefined;
  if (start.kind === "token") {
    try {
      // A genuine token that expired (an iframe reloaded later) still names its app, so the app's site
      // may frame the page and the user sees Link's own "This link has expired" instead of a blocked frame.
      return (await verifyStartToken(services.keys, start.token, { expiredUpToSeconds: EXPIRED_TOKEN_GRACE_SECONDS }))
        .sub;
    } catch {
      return undefined;
    }
  }
  if (!UUID.test(start.id)) return undefined;
  const [row] = await services.database.db
    .select({ appId: appRedirects.appId })
    .from(appRedirects)
    .where(eq(appRedirects.id, start.id));
  return row?.appId;
}

/**
 * The `frame-ancestors` sources for a Link page, from its query as `parseLinkStart` reads it — the parse
 * the session and the widget use, so the page never names one app while Link opens another's. They are
 * the origins registered by the app that the start token or redirect id names; `'none'` when the query
 * names no app or is refused (a token and an id): the page then shows its error, framed by nobody.
 */
export async function frameAncestors(services: Services, start: LinkStart | LinkStartError): Promise<string> {
  try {
    const appId = await appIdOf(services, start);
    const origins = appId ? await appOrigins(services, appId) : [];
    return origins.length > 0 ? origins.join(" ") : "'none'";
  } catch (error) {
    // The page must still render (it shows its own error) — framed by nobody.
    services.logger.error({ err: error }, "frame-ancestors lookup failed");
    return "'none'";
  }
}
