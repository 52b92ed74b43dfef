import type { Transaction } from "@finlink/contracts";
import { formatDate, formatMoney } from "../../../lib/format";
import { usePreferences } from "../../../lib/preferences";
import type { Column } from "../../../ui/data-table";

/** Which account's transactions a component shows: the connection, the account and its name. */
export interface AccountList {
  connectionId: string;
  accountId: string;
  name: string;
}

/** The columns of an account's transaction table: the list's and the search's. */
export function useTransactionColumns(): Column<Transaction>[] {
  const { t, lang } = usePreferences();
  return [
    { header: t.transactions.date, cell: (row) => formatDate(row.date, lang) },
    { header: t.transactions.description, stacked: "title", cell: (row) => row.description },
    { header: t.transactions.category, cell: (row) => row.category ?? "" },
    {
      header: t.transactions.amount,
      numeric: true,
      stacked: "end",
      cell: (row) => formatMoney(row.amount, row.currency, lang),
    },
  ];
}
