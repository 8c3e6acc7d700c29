import {
  Pagination,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  type PaginationTitles,
} from '@patternfly/react-core';
import { useState } from 'react';
import { PAGE_SIZES } from './table-layout.ts';

/** Filter text and page of a table; a new filter or page size goes back to page 1. */
export function useTablePaging() {
  const [filter, setFilterText] = useState('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPageSize] = useState<number>(PAGE_SIZES[0]);
  return {
    filter,
    page,
    perPage,
    setPage,
    setFilter: (text: string) => {
      setFilterText(text);
      setPage(1);
    },
    setPerPage: (size: number) => {
      setPerPageSize(size);
      setPage(1);
    },
  };
}

export type TablePaging = ReturnType<typeof useTablePaging>;

/** A table's filter box and compact paginator (20/50/100 rows). */
export function TableToolbar({
  paging,
  total,
  filterLabel,
  filterPlaceholder,
  titles,
  testId,
}: {
  paging: TablePaging;
  total: number;
  filterLabel: string;
  filterPlaceholder: string;
  titles: PaginationTitles;
  /** `<testId>-filter` and `<testId>-pagination`. */
  testId: string;
}) {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            aria-label={filterLabel}
            placeholder={filterPlaceholder}
            value={paging.filter}
            onChange={(_e, value) => paging.setFilter(value)}
            onClear={() => paging.setFilter('')}
            data-testid={`${testId}-filter`}
          />
        </ToolbarItem>
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          <Pagination
            itemCount={total}
            page={paging.page}
            perPage={paging.perPage}
            perPageOptions={PAGE_SIZES.map((n) => ({ title: String(n), value: n }))}
            onSetPage={(_e, p) => paging.setPage(p)}
            onPerPageSelect={(_e, size) => paging.setPerPage(size)}
            titles={titles}
            isCompact
            data-testid={`${testId}-pagination`}
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
