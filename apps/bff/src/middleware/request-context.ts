import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { AppEnv } from "../app-env";
import type { Services } from "../services";

/**
 * Gives every request an `X-Request-ID`, puts the services in the context and writes one access-log line
 * naming the route's pattern (`/api/connections/:id`), never the request's own path or query (cursors).
 */
export function requestContext(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    c.set("requestId", requestId);
    c.set("services", services);
    c.set("user", null);
    c.set("sessionHash", null);
    c.header("X-Request-ID", requestId);
    await next();
    services.logger.info(
      {
        requestId,
        method: c.req.method,
        // After `next()` the route index is the one that answered: its pattern, never the path's own ids.
        route: routePath(c) || "(none)",
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
}
