import type { LinkLang } from "@finlink/contracts";
import { createElement } from "react";
import { localeOf } from "../../../../lib/format";

// Every colour a chart uses is a theme token (styles/charts.css), so a chart follows the light and dark
// themes as the page does; SVG presentation attributes take `var()` like any CSS value.
export const SERIES = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
  "var(--chart-6)",
];
export const seriesColour = (index: number) => SERIES[index % SERIES.length] as string;

export const axisProps = {
  stroke: "var(--control-border)",
  tick: { fill: "var(--muted)", fontSize: 12 },
  tickLine: false,
} as const;

export const gridProps = { stroke: "var(--border)", strokeDasharray: "3 3" } as const;

export const tooltipProps = {
  contentStyle: {
    background: "var(--surface)",
    border: "1px solid var(--border)",
    borderRadius: 8,
    color: "var(--text)",
  },
  labelStyle: { color: "var(--text)", fontWeight: 600 },
  itemStyle: { color: "var(--text)" },
  cursor: { fill: "var(--surface-hover)", stroke: "var(--control-border)" },
} as const;

/** An axis tick: a short amount (`1,2 mil €`, `€1.2K`). */
export const compactMoney = (currency: string, lang: LinkLang) => {
  const format = new Intl.NumberFormat(localeOf(lang), {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  });
  return (value: number) => format.format(value);
};

/** An axis tick: a day as "24 Nov", a month as "Nov 26". */
export const shortDate = (lang: LinkLang) => {
  const format = new Intl.DateTimeFormat(localeOf(lang), { day: "numeric", month: "short", timeZone: "UTC" });
  return (date: string) => format.format(new Date(`${date}T00:00:00Z`));
};

export const shortMonth = (lang: LinkLang) => {
  const format = new Intl.DateTimeFormat(localeOf(lang), { month: "short", year: "2-digit", timeZone: "UTC" });
  return (month: string) => format.format(new Date(`${month}-01T00:00:00Z`));
};

/** A legend entry's words in the text colour (Recharts paints them in the series' colour, too faint on some). */
export const legendText = (value: string) => createElement("span", { style: { color: "var(--text)" } }, value);
