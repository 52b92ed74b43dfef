import type { Investment } from "@finlink/contracts";
import { usePreferences } from "../../../lib/preferences";
import { type Column, DataTable, NoValue } from "../../../ui/data-table";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { useInvestments } from "../api/get-investments";

/** The securities the connection's positions and transactions refer to; nothing when it has none. */
export function InvestmentsSection({ connectionId }: { connectionId: string }) {
  const { t } = usePreferences();
  const investments = useInvestments(connectionId);
  const none = t.investments.none;

  const columns: Column<Investment>[] = [
    { header: t.investments.name, stacked: "title", cell: (row) => row.name },
    {
      header: t.investments.isin,
      cell: (row) => (row.isin ? <span className="mono">{row.isin}</span> : <NoValue>{none}</NoValue>),
    },
    { header: t.investments.assetType, cell: (row) => t.investments.types[row.assetType] },
    { header: t.investments.currency, cell: (row) => row.currency },
    { header: t.investments.exchange, labelled: true, cell: (row) => row.exchange ?? <NoValue>{none}</NoValue> },
    {
      header: t.investments.manager,
      labelled: true,
      cell: (row) => row.managementCompany?.name ?? <NoValue>{none}</NoValue>,
    },
  ];

  // As portfolios: a connection without investments (a bank) shows no section for them.
  if (investments.data?.length === 0) return null;

  return (
    <section className="stack" aria-labelledby="investments-title">
      <h2 id="investments-title">{t.investments.title}</h2>
      {investments.isPending ? (
        <Loading label={t.common.loading} />
      ) : investments.isError ? (
        <ErrorNotice error={investments.error} onRetry={() => investments.refetch()} />
      ) : (
        <DataTable
          caption={t.investments.title}
          hideCaption
          columns={columns}
          rows={investments.data}
          rowKey={(row) => row.id}
        />
      )}
    </section>
  );
}
