import type { Problem } from "@finlink/contracts";

/** What an error knows about the call that failed; never a token or a secret (paths are route templates). */
export interface FinlinkErrorFields {
  /** HTTP status; 0 when no answer arrived (network error, timeout). */
  status: number;
  /** The route that failed, as a template: `GET /api/v1/queries/connections/{connectionToken}`. */
  operation: string;
  title: string;
  /** The machine-readable code to branch on (`INVALID_CURSOR`, `LOGIN_THROTTLED`, …), when Finlink gave one. */
  reason?: string | undefined;
  detail?: string | undefined;
  type?: string | undefined;
  /** Finlink's `X-Request-ID` (or the problem's `requestId`): quote it when you report the error. */
  requestId?: string | undefined;
  /** The whole problem+json body, with any extra member (`updateToken` on a 409 refresh, `errors` on a 400). */
  problem?: Problem | undefined;
  /** From `Retry-After` on 429/503, when the answer carried one. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * An API call that did not succeed: Finlink's problem+json, read into typed fields.
 * @example
 * try { await client.exchange(publicToken) } catch (error) {
 *   if (error instanceof FinlinkError && error.status === 404) … // spent or unknown publicToken
 * }
 */
export class FinlinkError extends Error {
  readonly status: number;
  readonly operation: string;
  readonly title: string;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly requestId: string | undefined;
  readonly problem: Problem | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(fields: FinlinkErrorFields, message?: string) {
    super(message ?? describe(fields), fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = "FinlinkError";
    this.status = fields.status;
    this.operation = fields.operation;
    this.title = fields.title;
    this.reason = fields.reason;
    this.detail = fields.detail;
    this.type = fields.type;
    this.requestId = fields.requestId;
    this.problem = fields.problem;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/**
 * A 2xx answer that does not match the contract (a renamed field, a new enum value, not JSON): the wire
 * changed under this client. `issues` lists where, as zod reports it.
 */
export class FinlinkResponseError extends FinlinkError {
  readonly issues: { path: string; message: string }[];

  constructor(fields: Omit<FinlinkErrorFields, "title" | "reason">, issues: { path: string; message: string }[]) {
    const where = issues
      .slice(0, 5)
      .map((i) => `${i.path || "(body)"}: ${i.message}`)
      .join("; ");
    super(
      { ...fields, title: "Unexpected response", reason: "INVALID_RESPONSE" },
      `Finlink's answer to ${fields.operation} does not match the contract (${where}); update @finlink/node or report it${
        fields.requestId ? ` quoting request ${fields.requestId}` : ""
      }`,
    );
    this.name = "FinlinkResponseError";
    this.issues = issues;
  }
}

/** No answer at all after the retries allowed (connection refused, reset, timed out); `cause` says why. */
export class FinlinkConnectionError extends FinlinkError {
  constructor(operation: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      { status: 0, operation, title: "No response", reason: "NETWORK_ERROR", detail: why, cause },
      `${operation}: no response from Finlink (${why})`,
    );
    this.name = "FinlinkConnectionError";
  }
}

function describe(f: FinlinkErrorFields): string {
  const extras = [f.reason && `reason ${f.reason}`, f.requestId && `request ${f.requestId}`].filter(Boolean);
  return `${f.operation} → ${f.status} ${f.title}${f.detail ? `: ${f.detail}` : ""}${
    extras.length ? ` (${extras.join(", ")})` : ""
  }`;
}
