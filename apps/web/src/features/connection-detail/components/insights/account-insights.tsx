import type { Account } from "@finlink/contracts";
import { useMemo, useState } from "react";
import { useAllAccountTransactions } from "../../api/get-all-account-transactions";
import { balanceSeries } from "../../utils/balance-series";
import { monthlyFlows, spendingByCategory } from "../../utils/flows";
import { PERIODS, type PeriodDays, periodRange, todayUtc } from "../../utils/period";
import { ReadState } from "../read-state";
import { BalanceFigure, FlowsFigure, SpendingFigure } from "./account-figures";
import { PeriodPicker } from "./period-picker";

const LONGEST = PERIODS[PERIODS.length - 1] as PeriodDays;

/**
 * An account's charts for the chosen period: its balance over time, its spending by category and its income
 * vs spending per month. One read covers every period: the longest one's transactions, all pages (bounded),
 * from Finlink's date filter; a shorter period is a slice of them.
 */
export function AccountInsights({ connectionId, account }: { connectionId: string; account: Account }) {
  const [days, setDays] = useState<PeriodDays>(30);
  // The day the page opened: a page left open past midnight keeps its periods until it is opened again.
  const [today] = useState(() => todayUtc());
  const query = useAllAccountTransactions(connectionId, account.id, { from: periodRange(LONGEST, today).from, to: "" });
  const range = periodRange(days, today);

  const figures = useMemo(() => {
    const rows = query.data?.rows ?? [];
    // Everything from the period's first day on, later days too: the walk back starts at today's balance.
    const series = balanceSeries(
      account.balance,
      rows.filter((row) => row.date >= range.from),
    );
    return {
      series,
      spending: spendingByCategory(rows, range),
      flows: monthlyFlows(rows, range),
    };
  }, [query.data, account.balance, range.from, range]);

  const id = `insights-${account.id}`;
  return (
    // Inside its account's "Balance and spending" disclosure, which names it.
    <div className="stack">
      <PeriodPicker name={`${id}-period`} value={days} onChange={setDays} />
      <ReadState query={query} />
      {query.data ? (
        <div className="chart-grid">
          <BalanceFigure id={`${id}-balance`} range={range} series={figures.series} currency={account.currency} />
          <SpendingFigure id={`${id}-spending`} spending={figures.spending} currency={account.currency} />
          <FlowsFigure id={`${id}-flows`} flows={figures.flows} currency={account.currency} />
        </div>
      ) : null}
    </div>
  );
}
