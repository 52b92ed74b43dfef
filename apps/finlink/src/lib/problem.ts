import type { Problem } from "@finlink/contracts";

const TYPE_BASE = "https://finlink.dev/problems/";

/**
 * An API error. Thrown anywhere in a handler and rendered as RFC 9457 problem+json by the app's one
 * `onError`. `reason` is the machine-readable code integrators branch on.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { reason?: string; errors?: Problem["errors"]; [key: string]: unknown } = {},
  ) {
    super(detail ?? title);
    this.name = "ApiError";
  }

  toProblem(requestId?: string): Problem {
    const slug = this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return {
      type: `${TYPE_BASE}${slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...this.extra,
      ...(requestId ? { requestId } : {}),
    };
  }
}

export const badRequest = (detail: string, extra?: ApiError["extra"]) =>
  new ApiError(400, "Bad Request", detail, extra);
/** 401 and 403 always say why in `reason`, so a client can tell a missing token from an expired one. */
export const unauthorized = (detail: string, reason: string) => new ApiError(401, "Unauthorized", detail, { reason });
export const forbidden = (detail: string, reason: string) => new ApiError(403, "Forbidden", detail, { reason });
export const notFound = (detail: string, extra?: ApiError["extra"]) => new ApiError(404, "Not Found", detail, extra);
export const conflict = (detail: string, extra?: ApiError["extra"]) => new ApiError(409, "Conflict", detail, extra);
export const gone = (detail: string, extra?: ApiError["extra"]) => new ApiError(410, "Gone", detail, extra);
