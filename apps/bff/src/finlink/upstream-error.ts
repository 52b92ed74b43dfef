import { FinlinkError } from "@finlink/node";
import type { Logger } from "../lib/logger";
import { ApiError, badRequest, notFound } from "../lib/problem";

/**
 * A failed Finlink call as the BFF's own problem: Finlink's 400 and 404 keep their status (and a 400 its
 * reason), a 429 is a 503 with its Retry-After, and the rest — 5xx, no answer, an answer off the contract,
 * our own credentials refused (401/403) — is 502 `UPSTREAM_ERROR`. Finlink's `detail` is never copied: the
 * browser gets our words, the log gets Finlink's request id.
 */
export function upstreamError(error: unknown, logger: Logger): ApiError {
  if (!(error instanceof FinlinkError)) return upstream(error, logger);
  if (error.status === 400)
    return badRequest("Finlink refused the request's parameters", error.reason ?? "BAD_REQUEST");
  if (error.status === 404) return notFound("Not found at Finlink");
  if (error.status === 429) {
    const retryAfter = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
    return new ApiError(503, "Service Unavailable", "Finlink is busy: try again shortly", {
      reason: "UPSTREAM_BUSY",
      retryAfter,
    });
  }
  return upstream(error, logger);
}

function upstream(error: unknown, logger: Logger): ApiError {
  const fields =
    error instanceof FinlinkError
      ? { operation: error.operation, status: error.status, reason: error.reason, finlinkRequestId: error.requestId }
      : { type: error instanceof Error ? error.name : typeof error };
  logger.warn(fields, "Finlink call failed");
  return new ApiError(502, "Bad Gateway", "Finlink did not answer as expected: try again later", {
    reason: "UPSTREAM_ERROR",
  });
}

/** Whether `error` is Finlink's answer with this status. */
export const isFinlinkStatus = (error: unknown, status: number): error is FinlinkError =>
  error instanceof FinlinkError && error.status === status;
