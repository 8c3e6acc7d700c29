import { describe, expect, it } from 'vitest';
import { tableView, type Column } from './table-view.ts';

interface Row {
  name: string;
  cpu: number;
}
const columns: Column<Row>[] = [
  { id: 'name', sortValue: (r) => r.name, text: (r) => r.name },
  { id: 'cpu', sortValue: (r) => r.cpu },
];
const rows: Row[] = Array.from({ length: 25 }, (_, i) => ({ name: `nb-${i}`, cpu: 25 - i }));

describe('tableView', () => {
  it('sorts naturally by name and pages', () => {
    const page = tableView(rows, columns, '', { column: 'name', direction: 'asc' }, 1, 10);
    expect(page.total).toBe(25);
    expect(page.rows.map((r) => r.name).slice(0, 3)).toEqual(['nb-0', 'nb-1', 'nb-2']);
    const last = tableView(rows, columns, '', { column: 'name', direction: 'asc' }, 3, 10);
    expect(last.rows.map((r) => r.name)).toEqual(['nb-20', 'nb-21', 'nb-22', 'nb-23', 'nb-24']);
  });
  it('sorts numbers descending and filters on text columns only', () => {
    expect(tableView(rows, columns, '', { column: 'cpu', direction: 'desc' }, 1, 1).rows[0]!.cpu).toBe(25);
    const filtered = tableView(rows, columns, 'NB-1', { column: 'name', direction: 'asc' }, 1, 50);
    expect(filtered.total).toBe(11);
  });
});
