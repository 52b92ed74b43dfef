import { useState } from "react";
import { useChartsCopy } from "../../../lib/i18n/charts";
import { TransactionTools } from "./transaction-tools";

/** "Search and export", closed at first: its rows are read only once the user opens it. */
export function TransactionToolsToggle(props: { connectionId: string; accountId: string; name: string }) {
  const tc = useChartsCopy();
  const [open, setOpen] = useState(false);
  return (
    <details className="tools" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{tc.tools}</summary>
      {open ? <TransactionTools {...props} /> : null}
    </details>
  );
}
