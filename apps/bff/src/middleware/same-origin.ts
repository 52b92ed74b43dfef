import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { ApiError, forbidden } from "../lib/problem";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Unsafe methods must come from the app's own pages: an `Origin` equal to APP_URL's (browsers send it on
 * every POST and DELETE; a missing one is refused too) and `Content-Type: application/json`, which no
 * cross-site form can send and which makes any cross-site fetch preflighted (and refused: no CORS here).
 * hono's `csrf()` runs before this one; it only looks at form content types, so this is the rule that holds.
 */
export function sameOrigin(appOrigin: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      if (c.req.header("Origin") !== appOrigin)
        throw forbidden("Cross-site or origin-less requests are refused: send the request from the app", "CROSS_SITE");
      if (!JSON_TYPE.test(c.req.header("Content-Type") ?? ""))
        throw new ApiError(
          415,
          "Unsupported Media Type",
          "Send unsafe requests with `Content-Type: application/json`",
          {
            reason: "UNSUPPORTED_MEDIA_TYPE",
          },
        );
    }
    await next();
  });
}
