import type { Investment } from "@finlink/contracts";
import { usePreferences } from "../../../lib/preferences";
import { type Column, DataTable } from "../../../ui/data-table";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { useInvestments } from "../api/get-investments";

/** The securities the connection's positions and transactions refer to. */
export function InvestmentsSection({ connectionId }: { connectionId: string }) {
  const { t } = usePreferences();
  const investments = useInvestments(connectionId);
  const none = t.investments.none;

  const columns: Column<Investment>[] = [
    { header: t.investments.name, cell: (row) => row.name },
    { header: t.investments.isin, cell: (row) => <span className="mono">{row.isin ?? none}</span> },
    { header: t.investments.assetType, cell: (row) => t.investments.types[row.assetType] },
    { header: t.investments.currency, cell: (row) => row.currency },
    { header: t.investments.exchange, cell: (row) => row.exchange ?? none },
    { header: t.investments.manager, cell: (row) => row.managementCompany?.name ?? none },
  ];

  return (
    <section className="stack" aria-labelledby="investments-title">
      <h2 id="investments-title">{t.investments.title}</h2>
      {investments.isPending ? (
        <Loading label={t.common.loading} />
      ) : investments.isError ? (
        <ErrorNotice error={investments.error} onRetry={() => investments.refetch()} />
      ) : investments.data.length === 0 ? (
        <p className="empty">{t.investments.empty}</p>
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
