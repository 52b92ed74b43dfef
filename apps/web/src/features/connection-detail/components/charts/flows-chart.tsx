import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "../../../../lib/format";
import { useChartsCopy } from "../../../../lib/i18n/charts";
import { usePreferences } from "../../../../lib/preferences";
import { centsToAmount } from "../../utils/cents";
import type { MonthFlow } from "../../utils/flows";
import { axisProps, compactMoney, gridProps, legendText, shortMonth, tooltipProps } from "./chart-theme";

export interface FlowsChartProps {
  flows: readonly MonthFlow[];
  currency: string;
  title: string;
  summary: string;
}

/** Income and spending side by side, a pair of bars per month. */
export function FlowsChart({ flows, currency, title, summary }: FlowsChartProps) {
  const { lang } = usePreferences();
  const tc = useChartsCopy();
  const data = flows.map((f) => ({
    month: f.month,
    income: centsToAmount(f.incomeCents),
    spending: centsToAmount(f.spendingCents),
  }));
  const money = (value: unknown) => formatMoney(Number(value), currency, lang);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} title={title} desc={summary} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="month" {...axisProps} tickFormatter={shortMonth(lang)} />
        <YAxis {...axisProps} width={64} tickFormatter={compactMoney(currency, lang)} />
        <Tooltip {...tooltipProps} labelFormatter={(month) => shortMonth(lang)(String(month))} formatter={money} />
        <Legend wrapperStyle={{ color: "var(--text)" }} formatter={legendText} />
        <Bar dataKey="income" name={tc.income} fill="var(--chart-income)" isAnimationActive={false} />
        <Bar dataKey="spending" name={tc.spending} fill="var(--chart-spending)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
