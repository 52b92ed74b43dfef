import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";

interface LoadMoreProps {
  shown: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** The last "load more" failed (earlier pages stay on screen). */
  error: unknown;
  onLoadMore: () => void;
}

/** The foot of a paginated list: how many rows are shown, and the button for the next page while there is one. */
export function LoadMore({ shown, hasNextPage, isFetchingNextPage, error, onLoadMore }: LoadMoreProps) {
  const { t } = usePreferences();
  return (
    <div className="load-more">
      <p className="muted small" aria-live="polite">
        {hasNextPage ? t.transactions.shown(shown) : t.transactions.all(shown)}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {hasNextPage ? (
        <button
          type="button"
          className="button secondary"
          onClick={onLoadMore}
          disabled={isFetchingNextPage}
          aria-busy={isFetchingNextPage}
        >
          {isFetchingNextPage ? t.transactions.loadingMore : t.transactions.loadMore}
        </button>
      ) : null}
    </div>
  );
}
