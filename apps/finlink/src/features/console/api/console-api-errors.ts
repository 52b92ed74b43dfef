import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { MAX_BODY_BYTES } from "../../../lib/http-body";
import { serializeError } from "../../../lib/logger";
import { ApiError, badRequest, forbidden, notFound, unauthorized } from "../../../lib/problem";
import { SettingsError } from "../../apps/settings-error";
import { sameOrigin } from "../console-auth";
import { ConsoleBadForm, type ConsoleContext, type ConsoleEnv, ConsoleNotFound } from "../console-env";
import { CONSOLE_PATH } from "../console-session";

/** Every path under it answers problem+json, an unknown one included: scripts, not browsers, call it. */
export const CONSOLE_API_PREFIX = `${CONSOLE_PATH}/api/`;
export const isConsoleApi = (path: string) => path.startsWith(CONSOLE_API_PREFIX);

function asApiError(error: unknown, c: ConsoleContext): ApiError {
  if (error instanceof ApiError) return error;
  // The console form's own refusal, word for word: a script sees what an operator would read.
  if (error instanceof SettingsError) return badRequest(error.message, { reason: "INVALID_SETTING" });
  if (error instanceof ConsoleNotFound)
    return notFound("No console operation at this path (see /console/api/v1/openapi.json)", {
      reason: "NO_SUCH_ROUTE",
    });
  if (error instanceof ConsoleBadForm) return badRequest("The body cannot be read", { reason: "MALFORMED_BODY" });
  // The validators' own refusals, as the API words them.
  if (error instanceof HTTPException && error.status === 400)
    return badRequest("Malformed request: the body is not valid JSON", { reason: "MALFORMED_JSON" });
  if (error instanceof HTTPException && error.status === 415)
    return new ApiError(415, "Unsupported Media Type", "Send the body as JSON, with `Content-Type: application/json`", {
      reason: "UNSUPPORTED_MEDIA_TYPE",
    });
  c.var.services.logger.error({ error: serializeError(error), requestId: c.var.requestId }, "console api error");
  return new ApiError(500, "Internal Server Error", "Something went wrong on our side; quote the requestId");
}

const problemBody = (c: ConsoleContext, problem: ApiError) =>
  new Response(JSON.stringify(problem.toProblem(c.var.requestId)), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json" },
  });

/** The console router's `onError` for /console/api/*: problem+json, not the console's HTML error page. */
export const consoleApiError = (error: unknown, c: ConsoleContext) => problemBody(c, asApiError(error, c));

/**
 * The console's guards (`consoleBodyLimit`, `sameOrigin`, `requireOperator`) answer a browser: a page without a
 * session goes to sign-in, a refused POST gets an HTML 403. On /console/api/* this turns their answer into
 * problem+json — the guards themselves still decide, so the API is guarded exactly as the pages are.
 * Mounted before them: it sees their answer on the way out.
 */
export const consoleApiRefusals: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  await next();
  if (!isGuardAnswer(c.res)) return;
  const problem = await refusalOf(c);
  c.res = problemBody(c, problem);
  c.res.headers.delete("location");
};

/**
 * The guards' answers: the redirect to sign-in (a GET without a session), or an HTML 403 / 413. The operations
 * themselves answer JSON only and never redirect.
 */
function isGuardAnswer(res: Response) {
  if (res.status === 303) return res.headers.get("location") === `${CONSOLE_PATH}/sign-in`;
  return (res.status === 403 || res.status === 413) && !!res.headers.get("content-type")?.startsWith("text/html");
}

async function refusalOf(c: ConsoleContext): Promise<ApiError> {
  const status = c.res.status;
  if (status === 413)
    return new ApiError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes`, {
      reason: "BODY_TOO_LARGE",
    });
  // Past the session check, a 403 is the CSRF token's.
  if (status === 403 && c.var.session)
    return forbidden(
      "Send the session's CSRF token (GET /console/api/v1/session) as X-CSRF-Token",
      "CSRF_TOKEN_INVALID",
    );
  // Before it, either the Origin or the session refused: asking `sameOrigin` again tells which.
  if (status === 403 && !(await passes(sameOrigin, c)))
    return forbidden("The Origin header must be the console's own origin", "ORIGIN_REFUSED");
  return unauthorized("No live operator session: sign in at /console/sign-in", "NO_OPERATOR_SESSION");
}

async function passes(guard: MiddlewareHandler<ConsoleEnv>, c: ConsoleContext) {
  let passed = false;
  await guard(c, async () => {
    passed = true;
  });
  return passed;
}
