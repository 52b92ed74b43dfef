import type { Transaction } from "@finlink/contracts";
import { centsToDecimal, toCents } from "./cents";

/** What a spreadsheet would run as a formula when a cell starts with it (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell (RFC 4180): always quoted, quotes doubled, and a cell that a spreadsheet would read as a
 * formula gets a leading `'`, so it stays text. Always, not only around a comma or a line break: a
 * spreadsheet set to Spanish (and most European locales) splits a file on `;`, and others on tabs, so an
 * unquoted `Bizum;=1+1` would become a cell of its own that starts with `=`. Every spreadsheet keeps a quoted
 * cell whole, whatever its separator. Empty stays empty (no text, not an empty string to tell apart).
 * @example csvText('Pago "Amazon", S.L.') // '"Pago ""Amazon"", S.L."'
 * @example csvText("=HYPERLINK(…)") // "\"'=HYPERLINK(…)\""
 */
export function csvText(value: string): string {
  if (value === "") return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export const CSV_COLUMNS = ["date", "valueDate", "description", "category", "type", "amount", "currency"] as const;

/**
 * Transactions as CSV: a header row, then one row each, lines ended by CRLF. Amounts are written as the
 * wire writes them (`-12.30`: a point, two decimals, no grouping), never guarded — they are numbers, and a
 * leading minus is a sign, not a formula. A UTF-8 byte-order mark goes first so spreadsheets read accents.
 */
export function transactionsCsv(rows: readonly Transaction[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.date,
        row.valueDate,
        csvText(row.description),
        csvText(row.category ?? ""),
        row.type,
        centsToDecimal(toCents(row.amount)),
        row.currency,
      ].join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The file name an export is saved under: the account and the filtered dates. */
export function csvFileName(account: string, from: string, to: string): string {
  const slug = account
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `${slug || "account"}-transactions${from ? `-from-${from}` : ""}${to ? `-to-${to}` : ""}.csv`;
}
