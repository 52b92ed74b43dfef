import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { AppEnv } from "../app-env";
import type { Services } from "../services";
import { ClientTraceId } from "./request-headers";

/**
 * Gives every request a server-generated `X-Request-ID`, echoes a well-formed `X-Client-Trace-ID`,
 * puts the services in the context and writes one access-log line.
 */
export function requestContext(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    c.set("requestId", requestId);
    c.set("services", services);
    c.header("X-Request-ID", requestId);
    const trace = c.req.header("X-Client-Trace-ID");
    const traceId = ClientTraceId.safeParse(trace).data;
    if (traceId) c.header("X-Client-Trace-ID", traceId);
    await next();
    services.logger.info(
      {
        requestId,
        method: c.req.method,
        route: loggedRoute(c),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ...(traceId ? { traceId } : {}),
      },
      "request",
    );
  });
}

/**
 * The pattern of the route that matched (`/api/v1/queries/connections/{connectionToken}`), never the
 * request's own path: tokens travel in paths (as in Vumi's API), and a raw path spelled unexpectedly
 * (`connections//con_…`, `connections%2Fcon_…`) slipped past every redaction written for the usual one.
 * With no route matched, the last middleware pattern (`/api/*`) stands in.
 */
function loggedRoute(c: Parameters<typeof routePath>[0]): string {
  return routePath(c, -1).replace(/:(\w+)/g, "{$1}") || "(none)";
}
