import { useChartsCopy } from "../../../lib/i18n/charts";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { Notice } from "../../../ui/notice";
import { Loading } from "../../../ui/spinner";
import { type AllTransactions, MAX_ROWS } from "../api/get-all-account-transactions";

interface ReadStateProps {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: AllTransactions; refetch: () => unknown };
  /** Say nothing while loading (the caller shows its own state). */
  quietWhilePending?: boolean;
}

/** An all-pages read's loading, failure and "not every row was read" notes (charts, search and export). */
export function ReadState({ query, quietWhilePending = false }: ReadStateProps) {
  const { t } = usePreferences();
  const tc = useChartsCopy();
  return (
    <>
      {query.isPending && !quietWhilePending ? <Loading label={t.common.loading} /> : null}
      {query.isError ? <ErrorNotice error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.data?.truncated ? (
        <Notice tone="info">
          <p>{tc.truncated(MAX_ROWS)}</p>
        </Notice>
      ) : null}
    </>
  );
}
