import { formatDate } from "../../../../lib/format";
import { useChartsCopy } from "../../../../lib/i18n/charts";
import { usePreferences } from "../../../../lib/preferences";
import { type Column, DataTable } from "../../../../ui/data-table";
import type { BalancePoint, BalanceSeries } from "../../utils/balance-series";
import type { CategoryTotal, MonthFlow, Spending } from "../../utils/flows";
import { shortMonthLong } from "../../utils/months";
import type { DateRange } from "../../utils/period";
import { ChartFigure } from "./chart-figure";
import { BalanceChart, BarListChart, FlowsChart } from "./lazy-charts";
import { MoneyValue, useMoneyText } from "./money-value";

/**
 * The balance from the period's first day to the reported balance: the level before the period's first
 * movement (at the period's first day), then each day's closing balance.
 */
export function BalanceFigure(props: { id: string; range: DateRange; series: BalanceSeries; currency: string }) {
  const { lang } = usePreferences();
  const tc = useChartsCopy();
  const money = useMoneyText();
  const { points, openingCents } = props.series;
  const first = points[0];
  const drawn: BalancePoint[] =
    first && first.date > props.range.from ? [{ date: props.range.from, cents: openingCents }, ...points] : points;
  const start = drawn[0];
  const end = drawn[drawn.length - 1];
  const title = tc.balanceTitle;
  const summary =
    start && end
      ? tc.balanceSummary(
          money(start.cents, props.currency),
          formatDate(start.date, lang),
          money(end.cents, props.currency),
          formatDate(end.date, lang),
        )
      : "";
  const columns: Column<BalancePoint>[] = [
    { header: tc.date, cell: (row) => formatDate(row.date, lang) },
    {
      header: tc.balance,
      numeric: true,
      stacked: "end",
      cell: (row) => <MoneyValue cents={row.cents} currency={props.currency} />,
    },
  ];
  return (
    <ChartFigure
      id={props.id}
      title={title}
      summary={summary}
      empty={points.length === 0 ? tc.noMovements : null}
      chart={<BalanceChart points={drawn} currency={props.currency} title={title} summary={summary} />}
      table={<DataTable caption={title} hideCaption columns={columns} rows={drawn} rowKey={(row) => row.date} />}
    />
  );
}

export function SpendingFigure(props: { id: string; spending: Spending; currency: string }) {
  const tc = useChartsCopy();
  const money = useMoneyText();
  const { categories, totalCents } = props.spending;
  const label = (category: string | null) => category ?? tc.uncategorised;
  const title = tc.spendingTitle;
  const top = categories[0];
  const summary = tc.spendingSummary(money(totalCents, props.currency), top ? label(top.category) : null);
  const columns: Column<CategoryTotal>[] = [
    { header: tc.category, stacked: "title", cell: (row) => label(row.category) },
    {
      header: tc.spent,
      numeric: true,
      stacked: "end",
      cell: (row) => <MoneyValue cents={row.cents} currency={props.currency} />,
    },
  ];
  const items = categories.map((c) => ({ key: c.category ?? "", label: label(c.category), cents: c.cents }));
  return (
    <ChartFigure
      id={props.id}
      title={title}
      summary={summary}
      empty={categories.length === 0 ? tc.noSpending : null}
      chart={
        <BarListChart items={items} currency={props.currency} measure={tc.spent} title={title} summary={summary} />
      }
      table={
        <DataTable
          caption={title}
          hideCaption
          columns={columns}
          rows={categories}
          rowKey={(row) => row.category ?? ""}
        />
      }
    />
  );
}

export function FlowsFigure(props: { id: string; flows: readonly MonthFlow[]; currency: string }) {
  const { lang } = usePreferences();
  const tc = useChartsCopy();
  const money = useMoneyText();
  const income = props.flows.reduce((sum, f) => sum + f.incomeCents, 0);
  const spending = props.flows.reduce((sum, f) => sum + f.spendingCents, 0);
  const title = tc.flowsTitle;
  const summary = tc.flowsSummary(money(income, props.currency), money(spending, props.currency));
  const cell = (cents: number) => <MoneyValue cents={cents} currency={props.currency} />;
  const columns: Column<MonthFlow>[] = [
    { header: tc.month, stacked: "title", cell: (row) => shortMonthLong(row.month, lang) },
    { header: tc.income, numeric: true, labelled: true, cell: (row) => cell(row.incomeCents) },
    { header: tc.spending, numeric: true, labelled: true, cell: (row) => cell(row.spendingCents) },
  ];
  return (
    <ChartFigure
      id={props.id}
      title={title}
      summary={summary}
      empty={props.flows.length === 0 ? tc.noMovements : null}
      chart={<FlowsChart flows={props.flows} currency={props.currency} title={title} summary={summary} />}
      table={<DataTable caption={title} hideCaption columns={columns} rows={props.flows} rowKey={(row) => row.month} />}
    />
  );
}
