import type { Problem } from "@finlink/contracts";

const TYPE_BASE = "https://finlink.dev/problems/";

/**
 * A BFF error, thrown anywhere in a handler and rendered as RFC 9457 problem+json by the app's one
 * `onError`. `reason` is the machine-readable code the SPA branches on.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: { reason?: string; errors?: Problem["errors"]; retryAfter?: number } = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }

  toProblem(requestId?: string): Problem {
    const { retryAfter: _header, ...extra } = this.extra;
    return {
      type: `${TYPE_BASE}${this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...extra,
      ...(requestId ? { requestId } : {}),
    };
  }
}

export const badRequest = (detail: string, reason: string, errors?: Problem["errors"]) =>
  new ApiError(400, "Bad Request", detail, { reason, ...(errors ? { errors } : {}) });
export const unauthorized = (detail: string) => new ApiError(401, "Unauthorized", detail, { reason: "NOT_SIGNED_IN" });
export const forbidden = (detail: string, reason: string) => new ApiError(403, "Forbidden", detail, { reason });
export const notFound = (detail: string, reason = "NOT_FOUND") => new ApiError(404, "Not Found", detail, { reason });
export const conflict = (detail: string, reason: string) => new ApiError(409, "Conflict", detail, { reason });
export const tooManyRequests = (detail: string, reason: string, retryAfter: number) =>
  new ApiError(429, "Too Many Requests", detail, { reason, retryAfter });

/** The one answer for a connection that is not the signed-in user's: the same as for one that does not exist. */
export const connectionNotFound = () => notFound("No such connection", "CONNECTION_NOT_FOUND");
