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
  // The access line's fields are ours (ids, the route's pattern, a trace id matching ClientTraceId): nothing to
  // redact, and redaction's search of every line was two thirds of its cost.
  const access = services.logger.child({}, { redact: [] });
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
    access.info(
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
  const pattern = routePath(c, -1);
  let logged = loggedPatterns.get(pattern);
  if (logged === undefined) {
    logged = pattern.replace(/:(\w+)/g, "{$1}") || "(none)";
    // Patterns are the app's own routes (a few dozen), never a request's path: the map cannot grow with traffic.
    loggedPatterns.set(pattern, logged);
  }
  return logged;
}
const loggedPatterns = new Map<string, string>();
