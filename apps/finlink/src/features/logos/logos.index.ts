import { Hono } from "hono";
import type { AppEnv } from "../../app-env";

/** Where entity logos are served: a path on Finlink's origin, so Link's `img-src 'self'` shows them. */
export const LOGOS_PATH = "/logos/";

/**
 * An SVG is a document that could carry script: this policy, on the image's own response, keeps it inert even
 * when opened directly (an `<img>` never runs script anyway). Inline styles only, nothing fetched.
 */
export const LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Logos are not content-hashed: a week, then the browser asks again (a redrawn logo reaches users in days). */
const LOGO_CACHE = "public, max-age=604800";

// `<entity id>.svg`, with the ids connectors use. Anything else (`..`, an encoded slash, a second segment)
// is no logo: the id is then looked up among the registered entities, never used as a path.
const LOGO_NAME = /^([a-z0-9_]{1,100})\.svg$/;

/**
 * `GET /logos/<entity id>.svg`: the logo the entity's connector ships (the sandbox's are in
 * `connectors/sandbox/logos/`), or 404.
 * @example GET /logos/sandbox_bank.svg → 200 image/svg+xml
 */
export const logosRouter = new Hono<AppEnv>().get(`${LOGOS_PATH}:name`, async (c) => {
  // The raw path segment: a decoded one could hide "../" behind %2f.
  const id = c.req.path.slice(LOGOS_PATH.length).match(LOGO_NAME)?.[1];
  const found = id ? c.var.services.connectors.find(id) : undefined;
  const svg = found && (await found.connector.logo?.(found.entity.id));
  if (!svg) return c.notFound();
  return c.body(new Uint8Array(svg), 200, {
    "Content-Type": "image/svg+xml",
    "Cache-Control": LOGO_CACHE,
    "Content-Security-Policy": LOGO_POLICY,
    "X-Content-Type-Options": "nosniff",
    // Public images: an integrator shows them on its own site from the entity list's `logoUrl`.
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
});
