import { lazy } from "react";

// The chart library loads with the first chart shown, in its own chunks: the SPA's first page does not
// carry it (bench/web-size.ts measures both).
export const BalanceChart = lazy(() => import("../charts/balance-chart").then((m) => ({ default: m.BalanceChart })));
export const BarListChart = lazy(() => import("../charts/bar-list-chart").then((m) => ({ default: m.BarListChart })));
export const FlowsChart = lazy(() => import("../charts/flows-chart").then((m) => ({ default: m.FlowsChart })));
export const DonutChart = lazy(() => import("../charts/donut-chart").then((m) => ({ default: m.DonutChart })));
