import type { LinkApiError } from "../../api/link-api-error";
import { type Messages, useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";
import { type ErrorContext, errorCopy } from "./error-copy";
import { ErrorIcon } from "./error-icon";

export interface ErrorScreenProps extends ErrorContext {
  error: LinkApiError;
  /** "Try again", when the failure may be retried. */
  onRetry?: () => void;
  /** "Choose another bank": back to the entity list, for an entity that is down (absent when the start fixed it). */
  onChooseAnother?: () => void;
  /** "Back to <app>": the exit flow; absent without a live session to exit. */
  onExit?: () => void;
}

/**
 * The one button an error screen shows, from the ways out it was given: another bank first (the way on when
 * this one is down), then trying again, then going back to the app. Two buttons that both look like the way
 * on, each doing something else, left people guessing; the top bar's Exit stays for leaving anyway.
 */
function wayOut(
  t: Messages,
  { onRetry, onChooseAnother, onExit, appName }: Omit<ErrorScreenProps, "error" | "phase" | "entityName">,
): { label: string; action: () => void } | null {
  if (onChooseAnother) return { label: t.discovery.chooseAnother, action: onChooseAnother };
  if (onRetry) return { label: t.error.retry, action: onRetry };
  if (onExit) return { label: t.error.back(appName ?? t.error.theApp), action: onExit };
  return null;
}

/**
 * A failure the user cannot carry on from in place: what happened and what to do, one way out, and the code
 * and request id for support behind Details. In the first chunk, not loaded lazily: it must show even when
 * the network that would bring a chunk is what failed.
 */
export function ErrorScreen({ error, onRetry, onChooseAnother, onExit, ...context }: ErrorScreenProps) {
  const { t } = useI18n();
  const { title, body, icon } = errorCopy(t, error, context);
  const way = wayOut(t, { onRetry, onChooseAnother, onExit, appName: context.appName });
  return (
    <>
      <ErrorIcon kind={icon} />
      <Screen title={title}>
        <p class="lead">{body}</p>
        <details class="details">
          <summary>{t.error.details}</summary>
          <p class="muted small">{t.error.detailsHint}</p>
          <dl class="support">
            <dt>{t.error.code}</dt>
            <dd>{error.reason}</dd>
            {error.requestId && (
              <>
                <dt>{t.error.requestId}</dt>
                <dd>{error.requestId}</dd>
              </>
            )}
          </dl>
        </details>
        {way && (
          <div class="actions">
            <button type="button" class="button" onClick={way.action}>
              {way.label}
            </button>
          </div>
        )}
      </Screen>
    </>
  );
}
