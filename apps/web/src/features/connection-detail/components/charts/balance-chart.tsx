import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "../../../../lib/format";
import { useChartsCopy } from "../../../../lib/i18n/charts";
import { usePreferences } from "../../../../lib/preferences";
import type { BalancePoint } from "../../utils/balance-series";
import { centsToAmount } from "../../utils/cents";
import { axisProps, compactMoney, gridProps, shortDate, tooltipProps } from "./chart-theme";

export interface BalanceChartProps {
  points: readonly BalancePoint[];
  currency: string;
  title: string;
  summary: string;
}

/** The end-of-day balance, a step per day with movements (the balance holds between them). */
export function BalanceChart({ points, currency, title, summary }: BalanceChartProps) {
  const { lang } = usePreferences();
  const tc = useChartsCopy();
  const data = points.map((p) => ({ date: p.date, value: centsToAmount(p.cents) }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={data} title={title} desc={summary} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="date" {...axisProps} tickFormatter={shortDate(lang)} minTickGap={24} />
        <YAxis {...axisProps} width={64} tickFormatter={compactMoney(currency, lang)} domain={["auto", "auto"]} />
        <Tooltip
          {...tooltipProps}
          labelFormatter={(date) => formatDate(String(date), lang)}
          formatter={(value) => [formatMoney(Number(value), currency, lang), tc.balance]}
        />
        <Area
          type="stepAfter"
          dataKey="value"
          name={tc.balance}
          stroke="var(--chart-1)"
          strokeWidth={2}
          fill="var(--chart-1-soft)"
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
