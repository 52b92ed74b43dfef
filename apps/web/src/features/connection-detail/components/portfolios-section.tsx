import type { ReactNode } from "react";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { useActivePositions } from "../api/get-active-positions";
import { usePortfolios } from "../api/get-portfolios";
import { PortfolioInsights } from "./insights/portfolio-insights";
import { PortfolioCard } from "./portfolio-card";

/** The connection's portfolios, each with the active positions it holds; nothing when it has none. */
export function PortfoliosSection({ connectionId }: { connectionId: string }) {
  const { t } = usePreferences();
  const portfolios = usePortfolios(connectionId);
  const positions = useActivePositions(connectionId);
  const failed = portfolios.error ?? positions.error;
  const retry = () => {
    void portfolios.refetch();
    void positions.refetch();
  };

  // A bank has no portfolios: the section is left out rather than say so under every bank.
  if (!failed && portfolios.data?.length === 0) return null;

  let body: ReactNode;
  if (failed) body = <ErrorNotice error={failed} onRetry={retry} />;
  else if (!portfolios.data || !positions.data) body = <Loading label={t.common.loading} />;
  else {
    const all = positions.data;
    const cards = portfolios.data.map((portfolio) => (
      <PortfolioCard
        key={portfolio.id}
        connectionId={connectionId}
        portfolio={portfolio}
        positions={all.filter((position) => position.portfolio === portfolio.id)}
      />
    ));
    body = (
      <>
        <PortfolioInsights portfolios={portfolios.data} positions={all} />
        {cards}
      </>
    );
  }

  return (
    <section className="stack" aria-labelledby="portfolios-title">
      <h2 id="portfolios-title">{t.portfolios.title}</h2>
      {body}
    </section>
  );
}
