import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "../../../../lib/format";
import { usePreferences } from "../../../../lib/preferences";
import { centsToAmount } from "../../utils/cents";
import { axisProps, compactMoney, gridProps, seriesColour, tooltipProps } from "./chart-theme";

export interface BarListItem {
  key: string;
  label: string;
  cents: number;
}

export interface BarListChartProps {
  items: readonly BarListItem[];
  currency: string;
  /** What a bar measures, for the tooltip ("Spent", "Value"). */
  measure: string;
  title: string;
  summary: string;
}

const ROW_HEIGHT = 32;

/** Horizontal bars, largest first, each labelled: spending by category, each position's value. */
export function BarListChart({ items, currency, measure, title, summary }: BarListChartProps) {
  const { lang } = usePreferences();
  const data = items.map((item) => ({ key: item.key, label: item.label, value: centsToAmount(item.cents) }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, data.length * ROW_HEIGHT + 40)}>
      <BarChart
        data={data}
        layout="vertical"
        title={title}
        desc={summary}
        margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid {...gridProps} horizontal={false} />
        <XAxis type="number" {...axisProps} tickFormatter={compactMoney(currency, lang)} />
        <YAxis
          type="category"
          dataKey="label"
          {...axisProps}
          width={128}
          interval={0}
          tickFormatter={(label: string) => (label.length > 18 ? `${label.slice(0, 17)}…` : label)}
        />
        <Tooltip {...tooltipProps} formatter={(value) => [formatMoney(Number(value), currency, lang), measure]} />
        <Bar dataKey="value" name={measure} isAnimationActive={false} radius={[0, 4, 4, 0]}>
          {data.map((item, index) => (
            <Cell key={item.key} fill={seriesColour(index)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
