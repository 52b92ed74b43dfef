import type { ReactNode } from "react";

/**
 * Where a cell goes when the table is too narrow for its columns (a phone) and each row becomes a block:
 * `title` opens the first line, `end` closes it (the amount), `detail` cells share the muted second line.
 */
export type StackedPlace = "title" | "end" | "detail";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Its place in a stacked row; `detail` unless said. */
  stacked?: StackedPlace;
  /** A stacked detail shown after its header ("Titles 150"): for figures that say nothing alone. */
  labelled?: boolean;
}

interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** The caption is for screen readers only when a heading above already says it. */
  hideCaption?: boolean;
}

const cellClass = <T,>(column: Column<T>) => `cell-${column.stacked ?? "detail"}${column.numeric ? " numeric" : ""}`;

/**
 * A table that stacks each row into a block when its box is narrow (styles/content.css) and scrolls sideways
 * in between; the scrolling region is focusable and named so keyboard users can scroll it too.
 *
 * The roles repeat what the elements already are, on purpose: the stacked layout sets `display` on rows and
 * cells, and some browsers (Safari) then drop a table's implicit semantics — explicit roles keep it a table
 * with its headers for screen readers.
 */
export function DataTable<T>({ caption, columns, rows, rowKey, hideCaption = false }: DataTableProps<T>) {
  return (
    // A group, not a section: a landmark per table would crowd the landmark list (and repeat the section's name).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    // biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls; this groups a table.
    <div className="table-scroll" role="group" tabIndex={0} aria-label={caption}>
      {/* biome-ignore lint/a11y/noRedundantRoles: kept when the stacked layout changes display (see above). */}
      <table className="data-table" role="table">
        <caption className={hideCaption ? "sr-only" : undefined}>{caption}</caption>
        {/* biome-ignore lint/a11y/noRedundantRoles: as the table's. */}
        <thead role="rowgroup">
          {/* biome-ignore lint/a11y/noRedundantRoles: as the table's. */}
          <tr role="row">
            {columns.map((column) => (
              // biome-ignore lint/a11y/noRedundantRoles: as the table's.
              <th key={column.header} scope="col" role="columnheader" className={cellClass(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        {/* biome-ignore lint/a11y/noRedundantRoles: as the table's. */}
        <tbody role="rowgroup">
          {rows.map((row) => (
            // biome-ignore lint/a11y/noRedundantRoles: as the table's.
            <tr key={rowKey(row)} role="row">
              {columns.map((column) => (
                <td
                  key={column.header}
                  // biome-ignore lint/a11y/noRedundantRoles: as the table's.
                  role="cell"
                  className={cellClass(column)}
                  data-label={column.labelled ? column.header : undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A missing value ("—" in a wide table); a stacked row leaves the detail out rather than print a dash. */
export function NoValue({ children }: { children: ReactNode }) {
  return <span className="no-value">{children}</span>;
}
