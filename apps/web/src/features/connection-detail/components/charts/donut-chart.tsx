import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { formatMoney } from "../../../../lib/format";
import { usePreferences } from "../../../../lib/preferences";
import { centsToAmount } from "../../utils/cents";
import type { BarListItem } from "./bar-list-chart";
import { legendText, seriesColour, tooltipProps } from "./chart-theme";

export interface DonutChartProps {
  items: readonly BarListItem[];
  currency: string;
  title: string;
  summary: string;
}

/** Parts of a whole (an allocation), with a legend naming each colour. */
export function DonutChart({ items, currency, title, summary }: DonutChartProps) {
  const { lang } = usePreferences();
  const data = items.map((item) => ({ key: item.key, name: item.label, value: centsToAmount(item.cents) }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <PieChart title={title} desc={summary}>
        <Pie
          data={data}
          dataKey="value"
          nameKey="name"
          // Clockwise from twelve o'clock, largest first, as the legend lists them.
          startAngle={90}
          endAngle={-270}
          innerRadius="55%"
          outerRadius="85%"
          stroke="var(--surface)"
          isAnimationActive={false}
        >
          {data.map((item, index) => (
            <Cell key={item.key} fill={seriesColour(index)} />
          ))}
        </Pie>
        <Tooltip {...tooltipProps} formatter={(value) => formatMoney(Number(value), currency, lang)} />
        <Legend wrapperStyle={{ color: "var(--text)", fontSize: 14 }} formatter={legendText} itemSorter={null} />
      </PieChart>
    </ResponsiveContainer>
  );
}
