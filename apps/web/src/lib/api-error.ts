/** The reason the client gives a request that got no HTTP answer at all. */
export const NETWORK_ERROR = "NETWORK_ERROR";
/** The reason the client gives an answer that does not match the contract (a BFF/SPA version mismatch). */
export const INVALID_RESPONSE = "INVALID_RESPONSE";

/**
 * A failed BFF call, from its problem+json body (`status`, `reason`, `detail`), or a network failure
 * (`status` 0, `reason` NETWORK_ERROR).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | null;
  readonly detail: string | null;

  constructor(status: number, reason: string | null, message: string, detail: string | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** True for answers a retry cannot change (4xx): react-query should not retry them. */
export const isClientError = (error: unknown) => isApiError(error) && error.status >= 400 && error.status < 500;
