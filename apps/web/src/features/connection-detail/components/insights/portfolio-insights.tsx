import type { ActivePosition, Portfolio } from "@finlink/contracts";
import { formatWeight } from "../../../../lib/format";
import { useChartsCopy } from "../../../../lib/i18n/charts";
import { usePreferences } from "../../../../lib/preferences";
import { type Column, DataTable } from "../../../../ui/data-table";
import {
  type Allocation,
  allocationByAssetType,
  allocationByPortfolio,
  positionValues,
  type Slice,
} from "../../utils/allocation";
import { ChartFigure } from "./chart-figure";
import { BarListChart, DonutChart } from "./lazy-charts";
import { MoneyValue, useMoneyText } from "./money-value";

interface Labelled {
  key: string;
  label: string;
  cents: number;
  share: number;
}

function AllocationFigure(props: {
  id: string;
  title: string;
  keyHeader: string;
  allocation: Allocation<string>;
  label: (key: string) => string;
}) {
  const { lang } = usePreferences();
  const tc = useChartsCopy();
  const money = useMoneyText();
  const { currency, totalCents } = props.allocation;
  const items: Labelled[] = props.allocation.slices.map((s: Slice<string>) => ({ ...s, label: props.label(s.key) }));
  const top = items[0];
  const summary = top
    ? tc.allocationSummary(money(totalCents, currency), top.label, formatWeight(top.share, lang))
    : "";
  const columns: Column<Labelled>[] = [
    { header: props.keyHeader, stacked: "title", cell: (row) => row.label },
    {
      header: tc.value,
      numeric: true,
      stacked: "end",
      cell: (row) => <MoneyValue cents={row.cents} currency={currency} />,
    },
    { header: tc.share, numeric: true, labelled: true, cell: (row) => formatWeight(row.share, lang) },
  ];
  return (
    <ChartFigure
      id={props.id}
      title={props.title}
      summary={summary}
      chart={<DonutChart items={items} currency={currency} title={props.title} summary={summary} />}
      table={<DataTable caption={props.title} hideCaption columns={columns} rows={items} rowKey={(row) => row.key} />}
    />
  );
}

/** Each portfolio's name; two of the same type are told apart by their order. */
function portfolioLabels(portfolios: readonly Portfolio[], typeName: (p: Portfolio) => string) {
  const names = new Map<string, string>();
  for (const [index, portfolio] of portfolios.entries()) {
    const name = typeName(portfolio);
    const twin = portfolios.some((other) => other !== portfolio && typeName(other) === name);
    names.set(portfolio.id, twin ? `${name} ${index + 1}` : name);
  }
  return names;
}

/**
 * A broker's charts, from its active positions: the allocation by asset type and by portfolio (per
 * reference currency: amounts in two currencies are never added), and each position's value.
 */
export function PortfolioInsights({
  portfolios,
  positions,
}: {
  portfolios: readonly Portfolio[];
  positions: readonly ActivePosition[];
}) {
  const { t, lang } = usePreferences();
  const tc = useChartsCopy();
  const money = useMoneyText();
  if (positions.length === 0) return null;
  const names = portfolioLabels(portfolios, (p) => t.portfolios.type[p.type]);
  const byType = allocationByAssetType(positions);
  const byPortfolio = allocationByPortfolio(positions);
  const values = positionValues(positions);
  const multi = byType.length > 1;
  const suffix = (currency: string) => (multi ? ` (${currency})` : "");

  type Value = (typeof values)[number];
  const columns: Column<Value>[] = [
    { header: tc.position, stacked: "title", cell: (row) => row.name },
    { header: tc.portfolio, cell: (row) => names.get(row.portfolio) ?? row.portfolio },
    {
      header: tc.value,
      numeric: true,
      stacked: "end",
      cell: (row) => <MoneyValue cents={row.cents} currency={row.currency} />,
    },
    { header: tc.weight, numeric: true, labelled: true, cell: (row) => formatWeight(row.weight, lang) },
  ];
  const positionsTitle = tc.positionsTitle;

  return (
    <section className="insights stack" aria-labelledby="allocation-title">
      <h3 id="allocation-title">{tc.allocation}</h3>
      <div className="chart-grid">
        {byType.map((allocation) => (
          <AllocationFigure
            key={`type-${allocation.currency}`}
            id={`allocation-type-${allocation.currency}`}
            title={tc.byAssetType + suffix(allocation.currency)}
            keyHeader={tc.assetType}
            allocation={allocation}
            label={(key) => t.investments.types[key as keyof typeof t.investments.types] ?? key}
          />
        ))}
        {byPortfolio.map((allocation) => (
          <AllocationFigure
            key={`portfolio-${allocation.currency}`}
            id={`allocation-portfolio-${allocation.currency}`}
            title={tc.byPortfolio + suffix(allocation.currency)}
            keyHeader={tc.portfolio}
            allocation={allocation}
            label={(key) => names.get(key) ?? key}
          />
        ))}
        {byType.map(({ currency }) => {
          const group = values.filter((v) => v.currency === currency);
          const largest = group[0] as Value;
          const title = positionsTitle + suffix(currency);
          const summary = tc.positionsSummary(group.length, largest.name, money(largest.cents, currency));
          return (
            <ChartFigure
              key={`positions-${currency}`}
              id={`position-values-${currency}`}
              title={title}
              summary={summary}
              chart={
                <BarListChart
                  items={group.map((v) => ({ key: v.key, label: v.name, cents: v.cents }))}
                  currency={currency}
                  measure={tc.value}
                  title={title}
                  summary={summary}
                />
              }
              table={<DataTable caption={title} hideCaption columns={columns} rows={group} rowKey={(row) => row.key} />}
            />
          );
        })}
      </div>
    </section>
  );
}
