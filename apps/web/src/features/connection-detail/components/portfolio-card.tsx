import type { ActivePosition, Portfolio } from "@finlink/contracts";
import { useState } from "react";
import { formatMoney, formatQuantity, formatWeight } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import { type Column, DataTable, NoValue } from "../../../ui/data-table";
import { PortfolioTransactions } from "./portfolio-transactions";

interface PortfolioCardProps {
  connectionId: string;
  portfolio: Portfolio;
  positions: readonly ActivePosition[];
}

/** A portfolio: its value and holders, its active positions, and (on demand) its transactions. */
export function PortfolioCard({ connectionId, portfolio, positions }: PortfolioCardProps) {
  const { t, lang } = usePreferences();
  // The transactions are fetched only once the user opens them.
  const [showTransactions, setShowTransactions] = useState(false);
  const name = t.portfolios.type[portfolio.type];
  const headingId = `portfolio-${portfolio.id}`;

  const columns: Column<ActivePosition>[] = [
    { header: t.portfolios.name, stacked: "title", cell: (row) => row.name },
    {
      header: t.portfolios.isin,
      cell: (row) => (row.isin ? <span className="mono">{row.isin}</span> : <NoValue>{t.investments.none}</NoValue>),
    },
    { header: t.portfolios.titles, numeric: true, labelled: true, cell: (row) => formatQuantity(row.titles, lang) },
    {
      header: t.portfolios.amount,
      numeric: true,
      stacked: "end",
      cell: (row) => formatMoney(row.amount, row.currency, lang),
    },
    { header: t.portfolios.weight, numeric: true, labelled: true, cell: (row) => formatWeight(row.weight, lang) },
  ];

  return (
    <article className="card stack" aria-labelledby={headingId}>
      <div className="card-head">
        <h3 id={headingId}>{name}</h3>
        <p className="amount-large">{formatMoney(portfolio.balance, portfolio.currency, lang)}</p>
      </div>
      {portfolio.owners.length > 0 ? (
        <dl className="facts">
          <div>
            <dt>{t.accounts.owners}</dt>
            <dd>{portfolio.owners.join(", ")}</dd>
          </div>
        </dl>
      ) : null}
      <h4>{t.portfolios.positions}</h4>
      {positions.length === 0 ? (
        <p className="empty">{t.portfolios.noPositions}</p>
      ) : (
        <DataTable
          caption={t.portfolios.positionsCaption(name)}
          hideCaption
          columns={columns}
          rows={positions}
          rowKey={(row) => row.investment}
        />
      )}
      <details onToggle={(event) => setShowTransactions(event.currentTarget.open)}>
        <summary>{t.transactions.title}</summary>
        {showTransactions ? (
          <PortfolioTransactions connectionId={connectionId} portfolioId={portfolio.id} name={name} />
        ) : null}
      </details>
    </article>
  );
}
