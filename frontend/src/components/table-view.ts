export type SortDirection = 'asc' | 'desc';

export interface Column<T> {
  id: string;
  /** Text matched by the filter box. */
  text?: (row: T) => string;
  /** Sort value; numbers and strings compare naturally. */
  sortValue: (row: T) => string | number;
}

/** Filter (case-insensitive, any text column), sort, then slice one page. Pure, for tests and tables. */
export function tableView<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  filter: string,
  sort: { column: string; direction: SortDirection },
  page: number,
  perPage: number,
): { rows: T[]; total: number } {
  const needle = filter.trim().toLowerCase();
  const filtered = needle
    ? rows.filter((row) => columns.some((c) => c.text && c.text(row).toLowerCase().includes(needle)))
    : [...rows];
  const column = columns.find((c) => c.id === sort.column);
  if (column) {
    const sign = sort.direction === 'asc' ? 1 : -1;
    filtered.sort((a, b) => {
      const va = column.sortValue(a);
      const vb = column.sortValue(b);
      const cmp =
        typeof va === 'number' && typeof vb === 'number'
          ? (Number.isNaN(va) ? -Infinity : va) - (Number.isNaN(vb) ? -Infinity : vb)
          : String(va).localeCompare(String(vb), undefined, { numeric: true });
      return cmp * sign;
    });
  }
  const start = (page - 1) * perPage;
  return { rows: filtered.slice(start, start + perPage), total: filtered.length };
}
