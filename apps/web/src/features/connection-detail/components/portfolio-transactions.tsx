import type { PortfolioTransaction } from "@finlink/contracts";
import { useMemo } from "react";
import { formatDate, formatMoney, formatQuantity } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import { type Column, DataTable } from "../../../ui/data-table";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { usePortfolioTransactions } from "../api/get-portfolio-transactions";
import { mergePages } from "../utils/merge-pages";
import { LoadMore } from "./load-more";

/** One portfolio's transactions (buys, sells, dividends…), newest first, a page at a time. */
export function PortfolioTransactions(props: { connectionId: string; portfolioId: string; name: string }) {
  const { t, lang } = usePreferences();
  const query = usePortfolioTransactions(props.connectionId, props.portfolioId);
  const rows = useMemo(() => mergePages(query.data?.pages), [query.data]);

  const columns: Column<PortfolioTransaction>[] = [
    { header: t.transactions.date, cell: (row) => formatDate(row.date, lang) },
    { header: t.transactions.description, stacked: "title", cell: (row) => row.description },
    { header: t.transactions.type, cell: (row) => t.transactions.types[row.type] },
    {
      header: t.transactions.shares,
      numeric: true,
      labelled: true,
      cell: (row) => formatQuantity(row.shares, lang),
    },
    {
      header: t.transactions.amount,
      numeric: true,
      stacked: "end",
      cell: (row) => formatMoney(row.amount, row.currency, lang),
    },
  ];

  if (query.isPending) return <Loading label={t.common.loading} />;
  if (query.isError && !query.isFetchNextPageError) {
    return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  }
  if (rows.length === 0) return <p className="empty">{t.transactions.empty}</p>;
  return (
    <div className="stack">
      <DataTable caption={t.transactions.caption(props.name)} columns={columns} rows={rows} rowKey={(row) => row.id} />
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
