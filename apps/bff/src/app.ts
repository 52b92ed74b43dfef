import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { type AppEnv, createRouter } from "./app-env";
import type { Config } from "./config";
import { connectionsRouter } from "./features/connections/connections.index";
import { dataRouter } from "./features/data/data.index";
import { linkRouter } from "./features/link/link.index";
import { sessionRouter } from "./features/session/session.index";
import { loadSession, requireUser } from "./features/session/session.middleware";
import { webRouter } from "./features/web/web.index";
import { webhooksRouter } from "./features/webhooks/webhooks.index";
import { serializeError } from "./lib/logger";
import { ApiError, forbidden } from "./lib/problem";
import { requestContext } from "./middleware/request-context";
import { sameOrigin } from "./middleware/same-origin";
import type { Services } from "./services";

/** The largest request body the API takes (its bodies are a name, a state and a token). */
export const MAX_BODY_BYTES = 16 * 1024;

/** The BFF's API under `/api`; the SPA's typed client is `hc<BffApi>("/api")`. */
export const apiRoutes = createRouter()
  .route("/", sessionRouter)
  .route("/", linkRouter)
  .route("/", connectionsRouter)
  .route("/", dataRouter);
export type BffApi = typeof apiRoutes;

/** The JSON routes: the SPA's API, and Finlink's webhook deliveries (no page, no session). */
const isApi = (path: string) => /^\/(api|webhooks)(\/|$)/.test(path);

/** `Cache-Control: no-store` on API answers without a policy of their own: they are one user's data. */
const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});

/** The headers of every answer: a strict CSP for the SPA's pages (Link framed, nothing inline), none at all for JSON. */
function headers(config: Config) {
  const finlink = new URL(config.finlink.url).origin;
  const link = new URL(config.finlink.linkUrl).origin;
  const common = {
    strictTransportSecurity: config.secure ? "max-age=31536000; includeSubDomains" : false,
    // The callback page's URL holds the publicToken: no request from it may carry that URL as a Referer.
    referrerPolicy: "no-referrer",
    // Link may open an entity's own sign-in page in a popup and needs to keep its opener.
    crossOriginOpenerPolicy: "same-origin-allow-popups",
  } as const;
  const api = secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: "DENY",
  });
  const pages = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // Link, and the app itself: Link ends by navigating its iframe to the app's /link/callback, and
      // frame-src governs that navigation too (a browser found it blocked with Link's origin alone).
      frameSrc: ["'self'", link],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'", "data:", finlink],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      // The callback page runs inside Link's iframe, inside the app's own page: its ancestors are the app.
      frameAncestors: ["'self'"],
    },
    xFrameOptions: "SAMEORIGIN",
  });
  return createMiddleware<AppEnv>((c, next) => (isApi(c.req.path) ? api(c, next) : pages(c, next)));
}

/** The BFF: the API under `/api` and the built SPA around it. Tests call `app.request(…)` without a port. */
export function createApp(services: Services) {
  const { config } = services;
  const app = new Hono<AppEnv>();
  app.use("*", requestContext(services), headers(config));
  app.use(
    "/api/*",
    noStore,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes`, {
          reason: "BODY_TOO_LARGE",
        });
      },
    }),
    csrf({ origin: config.appUrl }),
    sameOrigin(config.appUrl),
    loadSession,
  );
  // Server to server: none of the /api rules above (session, Origin, CSRF) applies; the signature does.
  app.use("/webhooks/*", noStore);
  app.route("/webhooks", webhooksRouter);
  app.all("/webhooks/*", () => {
    throw new ApiError(404, "Not Found", "No webhook route answers this method at this path", { reason: "NO_ROUTE" });
  });
  app.use("/api/link/*", requireUser);
  app.use("/api/connections/*", requireUser);
  app.route("/api", apiRoutes);
  app.all("/api/*", (c) => {
    // The path is not echoed: an answer never repeats what the request put in its URL.
    throw new ApiError(404, "Not Found", `No API route answers ${c.req.method} at this path`, { reason: "NO_ROUTE" });
  });
  app.route("/", webRouter(config.webDistDir));

  app.notFound((c) => problemResponse(c, new ApiError(404, "Not Found", "No such page", { reason: "NO_ROUTE" })));
  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(c, error);
    if (error instanceof HTTPException) return problemResponse(c, fromHttpException(error));
    services.logger.error({ error: serializeError(error), requestId: c.var.requestId }, "unhandled error");
    const problem = new ApiError(
      500,
      "Internal Server Error",
      "Something went wrong on our side; quote the requestId",
      {
        reason: "INTERNAL_ERROR",
      },
    );
    return problemResponse(c, problem);
  });
  return app;
}

function problemResponse(c: Parameters<Parameters<Hono<AppEnv>["onError"]>[0]>[1], problem: ApiError) {
  const { retryAfter } = problem.extra;
  if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
  c.header("Cache-Control", "no-store");
  return c.json(problem.toProblem(c.var.requestId), problem.status as 400, {
    "Content-Type": "application/problem+json",
  });
}

/** hono's own refusals: a body that is not JSON (the validator), a cross-site form post (`csrf()`). */
function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400)
    return new ApiError(400, "Bad Request", "The body is not valid JSON", { reason: "MALFORMED_JSON" });
  if (error.status === 403) return forbidden("Cross-site requests are refused", "CROSS_SITE");
  return new ApiError(error.status, "Error", error.message || "The request was refused", { reason: "REFUSED" });
}

export type BffApp = ReturnType<typeof createApp>;
