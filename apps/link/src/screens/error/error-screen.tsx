import type { LinkApiError } from "../../api/link-api-error";
import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";
import { type ErrorContext, errorCopy } from "./error-copy";

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
 * A failure Link cannot carry on from by itself. In the first chunk, not loaded lazily: it must show
 * even when the network that would bring a chunk is what failed.
 */
export function ErrorScreen({ error, onRetry, onChooseAnother, onExit, ...context }: ErrorScreenProps) {
  const { t } = useI18n();
  const { title, body } = errorCopy(t, error, context);
  return (
    <Screen title={title}>
      <p class="lead">{body}</p>
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
      <div class="stack">
        {/* Another bank is the way on when this one is down: first, and the main button. */}
        {onChooseAnother && (
          <button type="button" class="button" onClick={onChooseAnother}>
            {t.discovery.chooseAnother}
          </button>
        )}
        {onRetry && (
          <button type="button" class={onChooseAnother ? "button secondary" : "button"} onClick={onRetry}>
            {t.error.retry}
          </button>
        )}
        {onExit && (
          <button type="button" class={onRetry || onChooseAnother ? "button secondary" : "button"} onClick={onExit}>
            {t.error.back(context.appName ?? t.error.theApp)}
          </button>
        )}
      </div>
    </Screen>
  );
}
