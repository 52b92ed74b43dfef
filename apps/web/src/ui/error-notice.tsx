import { isApiError, NETWORK_ERROR } from "../lib/api-error";
import { usePreferences } from "../lib/preferences";
import { Notice } from "./notice";

/** A failed load, in words (a network failure says so), with a retry when one can help. */
export function ErrorNotice({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = usePreferences();
  const network = isApiError(error) && error.reason === NETWORK_ERROR;
  return (
    <Notice
      tone="danger"
      role="alert"
      title={title ?? t.common.failed}
      actions={
        onRetry ? (
          <button type="button" className="button secondary" onClick={onRetry}>
            {t.common.retry}
          </button>
        ) : null
      }
    >
      <p>{network ? t.common.network : t.common.failedBody}</p>
    </Notice>
  );
}
