/**
 * The rows of an infinite query's pages in order, each id once. Keyset pages do not overlap, but a page
 * fetched again after an update (react-query refetches every loaded page) or a row that moved between
 * two fetches must not show twice, nor trip React's duplicate-key warning.
 * @example mergePages([{ data: [a, b] }, { data: [b, c] }]) // [a, b, c]
 */
export function mergePages<T extends { id: string }>(pages: readonly { data: readonly T[] }[] | undefined): T[] {
  const seen = new Set<string>();
  const rows: T[] = [];
  for (const page of pages ?? []) {
    for (const row of page.data) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}
