import type { LinkStep } from "@finlink/contracts";

/** `reason` of a request that never got an answer (offline, DNS, the server down). */
export const NETWORK_ERROR = "NETWORK_ERROR";

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  reason?: unknown;
  retryable?: unknown;
  remainingAttempts?: unknown;
  retryAfter?: unknown;
  step?: unknown;
}

const LINK_STEPS: readonly string[] = ["ENTITY", "CREDENTIALS", "MFA", "AUTHENTICATED", "LOCKED", "DONE"];

/**
 * A failed Link API call, from its problem+json body: `reason` is what the widget branches on, `step` the
 * session's step afterwards (the screen to show), `requestId` the `X-Request-ID` to quote to support.
 */
export class LinkApiError extends Error {
  override readonly name = "LinkApiError";
  readonly status: number;
  readonly reason: string;
  readonly retryable: boolean;
  readonly remainingAttempts: number | null;
  /** Seconds to wait before trying again (`retryAfter` of a 429), or null. */
  readonly retryAfter: number | null;
  readonly step: LinkStep | null;
  readonly requestId: string | null;

  constructor(fields: {
    status: number;
    reason: string;
    message?: string;
    retryable?: boolean;
    remainingAttempts?: number | null;
    retryAfter?: number | null;
    step?: LinkStep | null;
    requestId?: string | null;
  }) {
    super(fields.message ?? fields.reason);
    this.status = fields.status;
    this.reason = fields.reason;
    // A server error or a lost request may well work a second time; a refused request will not.
    this.retryable = fields.retryable ?? (fields.status === 0 || fields.status >= 500);
    this.remainingAttempts = fields.remainingAttempts ?? null;
    this.retryAfter = fields.retryAfter ?? null;
    this.step = fields.step ?? null;
    this.requestId = fields.requestId ?? null;
  }

  /**
   * The error a response carries; tolerant of bodies that are not problem+json (a proxy's HTML page).
   * @example await LinkApiError.fromResponse(res) // { status: 401, reason: "INVALID_CREDENTIALS", … }
   */
  static async fromResponse(response: Response): Promise<LinkApiError> {
    const body: ProblemBody = await response.json().catch(() => ({}));
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const step = text(body.step);
    return new LinkApiError({
      status: response.status,
      reason: text(body.reason) ?? `HTTP_${response.status}`,
      message: text(body.detail) ?? text(body.title),
      retryable: typeof body.retryable === "boolean" ? body.retryable : undefined,
      remainingAttempts: typeof body.remainingAttempts === "number" ? body.remainingAttempts : null,
      retryAfter: typeof body.retryAfter === "number" ? body.retryAfter : null,
      step: step && LINK_STEPS.includes(step) ? (step as LinkStep) : null,
      requestId: response.headers.get("X-Request-ID"),
    });
  }

  /** Anything thrown while calling the API, as a LinkApiError (a `fetch` rejection is a network error). */
  static from(error: unknown): LinkApiError {
    if (error instanceof LinkApiError) return error;
    return new LinkApiError({ status: 0, reason: NETWORK_ERROR, message: String(error) });
  }
}
