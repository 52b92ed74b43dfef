import { type ReactNode, Suspense, useState } from "react";
import { useChartsCopy } from "../../../../lib/i18n/charts";
import { Loading } from "../../../../ui/spinner";

interface ChartFigureProps {
  /** Unique on the page: names the figure's parts. */
  id: string;
  title: string;
  /** The chart in one sentence, always shown: what a glance at it would tell. */
  summary: string;
  /** Instead of the chart and its table when there is nothing to draw. */
  empty?: string | null;
  chart: ReactNode;
  /** The figures the chart draws, as a table: the text alternative, behind a toggle. */
  table: ReactNode;
}

/**
 * A chart with its text alternatives: a heading, a summary sentence, and the full figures as a table behind
 * a "Show the figures" toggle. The chart itself (lazy) is named by the same title and summary.
 */
export function ChartFigure({ id, title, summary, empty, chart, table }: ChartFigureProps) {
  const tc = useChartsCopy();
  const [showTable, setShowTable] = useState(false);
  const titleId = `${id}-title`;
  const tableId = `${id}-table`;
  return (
    <figure className="chart-figure stack" aria-labelledby={titleId} data-chart={id}>
      <h4 id={titleId}>{title}</h4>
      {empty ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          <p className="muted small chart-summary">{summary}</p>
          <div className="chart-canvas">
            <Suspense fallback={<Loading label={tc.loadingChart} />}>{chart}</Suspense>
          </div>
          <p>
            <button
              type="button"
              className="button secondary"
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((shown) => !shown)}
            >
              {showTable ? tc.hideTable : tc.showTable}
            </button>
          </p>
          <div id={tableId} hidden={!showTable}>
            {showTable ? table : null}
          </div>
        </>
      )}
    </figure>
  );
}
