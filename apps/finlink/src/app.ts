import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { createRouter } from "./app-env";
import { appsRouter } from "./features/apps/apps.index";
import { authRouter } from "./features/auth/auth.index";
import { connectionsRouter } from "./features/connections/connections.index";
import { dataRouter } from "./features/data/data.index";
import { docsRouter } from "./features/docs/docs.index";
import { entitiesRouter } from "./features/entities/entities.index";
import { linkApiRouter } from "./features/link/link.index";
import { LINK_SESSION_HEADER } from "./features/link/link-session";
import { redirectBeginRouter } from "./features/link/redirect-begin";
import { BEGIN_PATH } from "./features/link/return-url";
import { linkPageRouter } from "./features/link-page/link-page.index";
import { logosRouter } from "./features/logos/logos.index";
import { sandboxRouter } from "./features/sandbox/sandbox.index";
import { sandboxBankRouter } from "./features/sandbox-bank/sandbox-bank.index";
import { webhooksRouter } from "./features/webhooks/webhooks.index";
import { databaseUnavailable, isDatabaseUnavailable } from "./lib/database-errors";
import { MAX_BODY_BYTES } from "./lib/http-body";
import { serializeError } from "./lib/logger";
import { ApiError } from "./lib/problem";
import { commandScope, requireAuth } from "./middleware/auth";
import { requestContext } from "./middleware/request-context";
import {
  AuthorizationHeader,
  ClientTraceId,
  LinkSessionHeader,
  noStore,
  wellFormedHeaders,
} from "./middleware/request-headers";
import type { Services } from "./services";

// Only the page itself may be framed; its assets, redirects and errors keep frame-ancestors 'none'.
const isLinkPage = (path: string) => path === "/link";
/**
 * The pages of a redirect sign-in's popup: the bank's (the sandbox's) and Link's return page. Opened by Link in an
 * app's iframe, they need `window.opener` to hand the return back; COOP `same-origin` (the default) would put the
 * popup in a browsing context group of its own and cut it off from its opener.
 */
const inSignInPopup = (path: string) =>
  path === "/link/return" || path === "/sandbox/oauth/authorize" || path === BEGIN_PATH;

/** The Finlink HTTP app. Tests call `app.request(…)` on it without opening a port. */
export function createApp(services: Services) {
  const app = createRouter();

  app.use("*", requestContext(services));
  const apiPolicy = (crossOriginOpenerPolicy: string) =>
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-site",
      crossOriginOpenerPolicy,
      // A handler's own policy (the docs page's style hash) must survive.
      overwrite: false,
    });
  const apiHeaders = apiPolicy("same-origin");
  const popupHeaders = apiPolicy("unsafe-none");
  // The Link page is framed by other sites: no X-Frame-Options (its CSP frame-ancestors decides), no CORP.
  const linkHeaders = secureHeaders({ xFrameOptions: false, crossOriginResourcePolicy: false, overwrite: false });
  app.use("*", (c, next) => {
    if (isLinkPage(c.req.path)) return linkHeaders(c, next);
    return inSignInPopup(c.req.path) ? popupHeaders(c, next) : apiHeaders(c, next);
  });
  app.use(
    "/api/*",
    noStore,
    wellFormedHeaders({ "X-Client-Trace-ID": ClientTraceId, Authorization: AuthorizationHeader }),
  );
  app.use("/api/v1/link/*", wellFormedHeaders({ [LINK_SESSION_HEADER]: LinkSessionHeader }));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes`, {
        reason: "BODY_TOO_LARGE",
      });
    },
  });
  // A GET or HEAD without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3; fetch sends none),
  // and asking for its body made @hono/node-server build a whole WHATWG Request and AbortSignal per GET.
  app.use("/api/*", (c, next) =>
    (c.req.method === "GET" || c.req.method === "HEAD") &&
    c.req.header("content-length") === undefined &&
    c.req.header("transfer-encoding") === undefined
      ? next()
      : limitBody(c, next),
  );
  app.use("/api/v1/queries/*", requireAuth("read"));
  app.use("/api/v1/commands/*", requireAuth(commandScope));
  app.use("/api/v1/sandbox/*", requireAuth("write"));

  app.route("/", authRouter);
  app.route("/", appsRouter);
  app.route("/", entitiesRouter);
  app.route("/", connectionsRouter);
  app.route("/", dataRouter);
  app.route("/", webhooksRouter);
  app.route("/", linkApiRouter);
  if (services.config.sandbox.enabled) app.route("/", sandboxRouter);
  app.route("/", docsRouter(app));
  app.route("/", linkPageRouter(services.config.linkDistDir));
  app.route("/", redirectBeginRouter);
  app.route("/", logosRouter);
  // The sandbox's redirect bank: its authorize page, on Finlink's origin (never framed: see its policy).
  if (services.config.sandbox.enabled) app.route("/", sandboxBankRouter);
  // No operator console here: it has a listener and origin of its own (`createConsoleApp`, decision 011), so no
  // script on this origin can reach it. /console answers the API's 404, which does not name the console's URL
  // (it may be reachable only from an internal network).

  app.notFound((c) => {
    // The path is not echoed: it may hold a token (connection paths do), and answers and logs must not.
    const problem = new ApiError(404, "Not Found", `No ${c.req.method} operation at this path (see /api/v1/docs)`, {
      reason: "NO_SUCH_ROUTE",
    });
    return c.json(problem.toProblem(c.var.requestId), 404, { "Content-Type": "application/problem+json" });
  });

  app.onError((error, c) => {
    let problem: ApiError;
    if (error instanceof ApiError) problem = error;
    else if (error instanceof HTTPException) problem = fromHttpException(error);
    else if (isDatabaseUnavailable(error)) {
      services.logger.warn({ requestId: c.var.requestId, error: String(error) }, "database unavailable");
      problem = databaseUnavailable();
    } else {
      // Not `err`: pino's standard serializer would copy drizzle's SQL parameters into the line.
      services.logger.error({ error: serializeError(error), requestId: c.var.requestId }, "unhandled error");
      problem = new ApiError(500, "Internal Server Error", "Something went wrong on our side; quote the requestId");
    }
    const retryAfter = problem.extra.retryAfter;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    return c.json(problem.toProblem(c.var.requestId), problem.status as 400, {
      "Content-Type": "application/problem+json",
    });
  });

  return app;
}

/** The validators' own refusals: a body that is not JSON, or is not sent as JSON. */
function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400)
    return new ApiError(400, "Bad Request", "Malformed request: the body is not valid JSON", {
      reason: "MALFORMED_JSON",
    });
  if (error.status === 415)
    return new ApiError(415, "Unsupported Media Type", "Send the body as JSON, with `Content-Type: application/json`", {
      reason: "UNSUPPORTED_MEDIA_TYPE",
    });
  return new ApiError(error.status, "Error", error.message);
}

export type FinlinkApp = ReturnType<typeof createApp>;
