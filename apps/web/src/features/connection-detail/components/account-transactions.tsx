import { useMemo } from "react";
import { usePreferences } from "../../../lib/preferences";
import { DataTable } from "../../../ui/data-table";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { useAccountTransactions } from "../api/get-account-transactions";
import { mergePages } from "../utils/merge-pages";
import { LoadMore } from "./load-more";
import { type AccountList, useTransactionColumns } from "./transaction-columns";

/** One account's transactions, newest first, a page at a time. */
export function AccountTransactions({ connectionId, accountId, name }: AccountList) {
  const { t } = usePreferences();
  const query = useAccountTransactions(connectionId, accountId);
  const rows = useMemo(() => mergePages(query.data?.pages), [query.data]);

  const columns = useTransactionColumns();

  if (query.isPending) return <Loading label={t.common.loading} />;
  if (query.isError && !query.isFetchNextPageError) {
    return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  }
  if (rows.length === 0) return <p className="empty">{t.transactions.empty}</p>;
  return (
    <div className="stack">
      <DataTable caption={t.transactions.caption(name)} columns={columns} rows={rows} rowKey={(row) => row.id} />
      <LoadMore
        shown={rows.length}
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        error={query.isFetchNextPageError ? query.error : null}
        onLoadMore={() => query.fetchNextPage()}
      />
    </div>
  );
}
