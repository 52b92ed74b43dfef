import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { redactPath } from "../lib/logger";
import type { Services } from "../services";

const TRACE_ID = /^[\w.:/=+-]{1,128}$/;

/**
 * Gives every request a server-generated `X-Request-ID`, echoes a well-formed `X-Client-Trace-ID`,
 * puts the services in the context and writes one access-log line with tokens redacted.
 */
export function requestContext(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    const started = performance.now();
    c.set("requestId", requestId);
    c.set("services", services);
    c.header("X-Request-ID", requestId);
    const trace = c.req.header("X-Client-Trace-ID");
    if (trace && TRACE_ID.test(trace)) c.header("X-Client-Trace-ID", trace);
    await next();
    services.logger.info(
      {
        requestId,
        method: c.req.method,
        path: redactPath(new URL(c.req.url).pathname),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ...(trace && TRACE_ID.test(trace) ? { traceId: trace } : {}),
      },
      "request",
    );
  });
}
