import type { Challenge, LinkEntity, LinkExitReason, LinkOperation, LinkScreen, LinkStep } from "@finlink/contracts";
import type { LinkSessionInfo } from "../api/link-api";
import { LinkApiError, NETWORK_ERROR } from "../api/link-api-error";

/** What Link shows. Inline `error`s keep the form; an ERROR view replaces it. */
export type View =
  | { screen: "LOADING" }
  | { screen: "START_ERROR"; error: LinkApiError }
  | { screen: "CONSENT" }
  | { screen: "ENTITY" }
  | { screen: "CREDENTIALS"; entity: LinkEntity; error: LinkApiError | null }
  | RedirectView
  | { screen: "RETURN"; stage: ReturnStage; error: LinkApiError | null }
  | { screen: "MFA"; entity: LinkEntity; challenge: Challenge; error: LinkApiError | null; resent?: Resent }
  | { screen: "CONNECTING"; entity: LinkEntity }
  | { screen: "SUCCESS"; entity: LinkEntity; redirectUrl: string; operation: LinkOperation }
  | { screen: "ERROR"; entity: LinkEntity | null; error: LinkApiError; step: LinkStep; retry: Retry };

/**
 * A `REDIRECT` entity's sign-in, on the bank's own page: getting its address (`PREPARING`), ready to go
 * (`READY`), the bank's page open in a popup (`WAITING`), back from it (`COMPLETING`), the page could not be
 * opened (`BLOCKED`: a link to open by hand), the user refused at the bank (`DENIED`), or another window took
 * the session on (`ELSEWHERE`). `error`: why the last attempt failed, shown on the screen.
 */
export interface RedirectView {
  screen: "REDIRECT";
  entity: LinkEntity;
  stage: "PREPARING" | "READY" | "WAITING" | "COMPLETING" | "BLOCKED" | "DENIED" | "ELSEWHERE";
  authorizeUrl: string | null;
  error: LinkApiError | null;
}

/**
 * Link's return page (`/link/return`) before it knows the entity: handing the URL to the window that opened the
 * bank (`CLOSING`), completing the sign-in itself (`COMPLETING`), a return the server no longer knows (`UNKNOWN`:
 * already used, replaced or expired), or the user's refusal at a bank the session does not name (`DENIED`).
 * `error` with `COMPLETING`: the call failed and may be retried.
 */
export type ReturnStage = "CLOSING" | "COMPLETING" | "UNKNOWN" | "DENIED";

/**
 * A code sent again: when (`at`, for the wait before the next), and the challenge the screen was first drawn for
 * (`screen`), so the new challenge keeps the same screen and the focus stays on the button the user pressed.
 */
export interface Resent {
  at: number;
  screen: string;
}

/** Where "Try again" leads from an ERROR view, if anywhere. */
export type Retry = "CREDENTIALS" | "FINISH" | null;

export interface FlowState {
  view: View;
  session: LinkSessionInfo | null;
  /** A user's request is in flight: its buttons wait. */
  busy: boolean;
  /** The exit call is in flight. */
  exiting: boolean;
}

export const credentialsView = (entity: LinkEntity, error: LinkApiError | null = null): View => ({
  screen: "CREDENTIALS",
  entity,
  error,
});

/** The view to sign in at `entity`: Link's form, or the way to the bank's own page (its address not fetched yet). */
export const signInView = (entity: LinkEntity, error: LinkApiError | null = null): View =>
  entity.signIn === "REDIRECT"
    ? { screen: "REDIRECT", entity, stage: "PREPARING", authorizeUrl: null, error }
    : credentialsView(entity, error);

export const entityOf = (view: View): LinkEntity | null => ("entity" in view ? view.entity : null);

/** The screen named in events (LinkScreen). CONSENT is its own name: the step on the server is still ENTITY. */
export function screenOf(view: View): LinkScreen {
  switch (view.screen) {
    case "LOADING":
    case "ENTITY":
      return "ENTITY";
    case "START_ERROR":
      return "ERROR";
    // The bank's own page stands for Link's form: LinkScreen names no screen of its own for it.
    case "REDIRECT":
    case "RETURN":
      return "CREDENTIALS";
    default:
      return view.screen;
  }
}

/** Where the sign-in stands on the server while `view` shows (the EXIT event's `status`). */
export function stepOf(view: View): LinkStep {
  switch (view.screen) {
    case "CREDENTIALS":
    case "MFA":
      return view.screen;
    case "REDIRECT":
    case "RETURN":
      return "CREDENTIALS";
    case "CONNECTING":
      return "AUTHENTICATED";
    case "SUCCESS":
      return "DONE";
    case "ERROR":
      return view.step;
    default:
      return "ENTITY";
  }
}

// Type-only: `satisfies` keeps this list in step with the contract without bringing zod into the bundle.
const ERROR_EXITS = {
  USER_DENIED: true,
  ACCOUNT_LOCKED: true,
  TOO_MANY_ATTEMPTS: true,
  SIGN_IN_THROTTLED: true,
  ENTITY_UNAVAILABLE: true,
  MFA_TIMEOUT: true,
  USER_ACTION_REQUIRED: true,
  INTERNAL_SERVER_ERROR: true,
} satisfies Record<Exclude<LinkExitReason, "USER_EXIT">, true>;

/**
 * Why the user leaves from `view`: the error its screen shows, when it is one the app should hear about
 * (`error=` on the redirect); `USER_EXIT` otherwise.
 */
export function exitReasonOf(view: View): LinkExitReason {
  if ((view.screen === "REDIRECT" || view.screen === "RETURN") && view.stage === "DENIED") return "USER_DENIED";
  if (view.screen !== "ERROR") return "USER_EXIT";
  const { reason } = view.error;
  return Object.hasOwn(ERROR_EXITS, reason) ? (reason as LinkExitReason) : "USER_EXIT";
}

/** Remounts a screen (and moves focus to its heading) when the step changes, not when an inline error does. */
export function viewKey(view: View): string {
  if (view.screen === "MFA") return `MFA:${view.resent?.screen ?? view.challenge.id}`;
  // Each stage of a redirect sign-in is a step of its own (new heading, new buttons), except fetching the
  // bank's address and having it: the button the user is about to press must keep its place and focus.
  if (view.screen === "REDIRECT") return `REDIRECT:${view.stage === "PREPARING" ? "READY" : view.stage}`;
  if (view.screen === "RETURN") return `RETURN:${view.stage}`;
  return view.screen;
}

/**
 * The fifth wrong password already locks the session (401 with step LOCKED): show "Too many attempts"
 * then, rather than a form that can only fail again.
 */
function normalise(error: LinkApiError): LinkApiError {
  const locked = error.reason === "TOO_MANY_ATTEMPTS" || error.step === "LOCKED";
  if (!locked) return error;
  return new LinkApiError({
    ...error,
    message: error.message,
    reason: "TOO_MANY_ATTEMPTS",
    retryable: false,
    step: "LOCKED",
  });
}

/**
 * The view after a failed call made from `view`: mistakes the user can correct stay inline on the form;
 * an MFA that must start over goes back to the credentials; the rest get an error screen.
 */
export function viewAfterError(view: View, failure: LinkApiError, failedStep: "SIGN_IN" | "FINISH"): View {
  const error = normalise(failure);
  const entity = entityOf(view);
  const correctable =
    error.reason === NETWORK_ERROR ||
    error.reason === "INVALID_CREDENTIALS" ||
    error.reason === "SIGN_IN_THROTTLED" ||
    error.reason === "ADDRESS_THROTTLED" ||
    (error.reason === "INVALID_MFA" && error.step === "MFA") ||
    // Another code or method no longer offered (the screen was stale): the code already sent still works.
    error.reason === "RESEND_NOT_ALLOWED" ||
    error.reason === "SWITCH_NOT_ALLOWED";
  if ((view.screen === "CREDENTIALS" || view.screen === "MFA") && correctable) return { ...view, error };
  const restart = error.reason === "INVALID_MFA" || error.reason === "STALE_CHALLENGE";
  if (view.screen === "MFA" && restart) return signInView(view.entity, error);
  const step = error.step ?? stepOf(view);
  let retry: Retry = null;
  if (failedStep === "FINISH" && error.retryable) retry = "FINISH";
  else if (entity && error.retryable && step === "CREDENTIALS") retry = "CREDENTIALS";
  return { screen: "ERROR", entity, error, step, retry };
}
