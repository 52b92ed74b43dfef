import { useId, useMemo, useState } from "react";
import { useChartsCopy } from "../../../lib/i18n/charts";
import { usePreferences } from "../../../lib/preferences";
import { DataTable } from "../../../ui/data-table";
import { Loading } from "../../../ui/spinner";
import { useAllAccountTransactions } from "../api/get-all-account-transactions";
import { csvFileName, transactionsCsv } from "../utils/csv";
import { filtersProblem, filterTransactions, NO_FILTERS, type TransactionFilters } from "../utils/filters";
import { FilterForm } from "./filter-form";
import { ReadState } from "./read-state";
import { type AccountList, useTransactionColumns } from "./transaction-columns";

/** Rows shown on the page; the export has every matching row. */
export const SHOWN_ROWS = 100;

/** Saves text as a file the browser downloads. */
function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Search, filter and export an account's transactions. The date range goes to Finlink (`from`/`to`), which
 * answers only those dates, every page read (up to MAX_ROWS); text, category and direction then filter
 * those rows here. Mounted only when the user opens it, so nothing is read before.
 */
export function TransactionTools({ connectionId, accountId, name }: AccountList) {
  const { t } = usePreferences();
  const tc = useChartsCopy();
  const [filters, setFilters] = useState<TransactionFilters>(NO_FILTERS);
  const problem = filtersProblem(filters);
  const query = useAllAccountTransactions(connectionId, accountId, { from: filters.from, to: filters.to }, !problem);
  const all = query.data?.rows;
  const matching = useMemo(() => (all ? filterTransactions(all, filters) : []), [all, filters]);
  const statusId = useId();

  const columns = useTransactionColumns();

  return (
    <div className="stack">
      <FilterForm filters={filters} onChange={setFilters} rows={all ?? []} problem={problem} describedBy={statusId} />
      <ReadState query={query} quietWhilePending />
      {problem ? null : query.isPending ? (
        <Loading label={t.common.loading} />
      ) : all ? (
        <>
          <div className="load-more">
            <p id={statusId} className="muted small" role="status">
              {matching.length === 0 ? tc.noMatches : tc.matches(matching.length)}
            </p>
            <button
              type="button"
              className="button secondary"
              disabled={matching.length === 0}
              onClick={() => download(transactionsCsv(matching), csvFileName(name, filters.from, filters.to))}
            >
              {tc.exportCsv}
            </button>
          </div>
          {matching.length > 0 ? (
            <DataTable
              caption={tc.matchesCaption(name)}
              columns={columns}
              rows={matching.slice(0, SHOWN_ROWS)}
              rowKey={(row) => row.id}
            />
          ) : null}
          {matching.length > SHOWN_ROWS ? <p className="muted small">{tc.firstShown(SHOWN_ROWS)}</p> : null}
        </>
      ) : null}
    </div>
  );
}
