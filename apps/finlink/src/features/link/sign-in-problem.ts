import type { ChallengeAnswer, LinkStep } from "@finlink/contracts";
import type { ConnectorError, ErrorReason } from "../../connectors/connector";
import { ApiError, conflict } from "../../lib/problem";

const RESPONSES: Record<ErrorReason, { status: number; title: string; detail: string }> = {
  INVALID_CREDENTIALS: { status: 401, title: "Unauthorized", detail: "The entity rejected the credentials" },
  ACCOUNT_LOCKED: { status: 403, title: "Forbidden", detail: "The account is locked at the entity" },
  ENTITY_UNAVAILABLE: { status: 503, title: "Service Unavailable", detail: "The entity is not answering; try later" },
  USER_ACTION_REQUIRED: {
    status: 400,
    title: "Bad Request",
    detail: "The entity needs the user to act on its own site or app first",
  },
  INVALID_MFA: { status: 400, title: "Bad Request", detail: "The entity did not accept the answer" },
  // 400, not 408: browsers and proxies may resend a request answered 408 on their own.
  MFA_TIMEOUT: { status: 400, title: "Bad Request", detail: "The second factor was not completed in time" },
  INTERNAL_SERVER_ERROR: { status: 400, title: "Bad Request", detail: "The sign-in failed; start it again" },
};

/**
 * A failed sign-in step as problem+json: `reason` and `retryable` from the connector, plus the session's
 * `step` afterwards so the widget knows which screen to show (and `remainingAttempts` when given).
 */
export function signInProblem(error: ConnectorError, extra: { step: LinkStep; remainingAttempts?: number }): ApiError {
  const { status, title, detail } = RESPONSES[error.reason];
  return new ApiError(status, title, detail, { reason: error.reason, retryable: error.retryable, ...extra });
}

/**
 * A RESEND or SWITCH the pending challenge does not offer (no more codes, a method the entity did not list): 409,
 * since the same request may work on another challenge. The widget hides what is not offered, so this is a
 * stale screen or a hand-made call.
 */
export function notOffered(answer: ChallengeAnswer): ApiError {
  return answer.type === "RESEND"
    ? conflict("This challenge does not offer another code: enter the one sent, or use another method", {
        reason: "RESEND_NOT_ALLOWED",
      })
    : conflict(`This challenge does not offer switching to ${answer.type === "SWITCH" ? answer.method : "it"}`, {
        reason: "SWITCH_NOT_ALLOWED",
      });
}
