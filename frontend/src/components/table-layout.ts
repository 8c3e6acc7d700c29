import type { PaginationTitles } from '@patternfly/react-core';

/**
 * Column priorities: a secondary column shows only from a width of the frame on (app.css), so the
 * row actions stay on screen in the central dashboard's iframe at every window width. Status, name
 * and actions always show. The steps fit this table's content: 768 px (a 1024 px window beside the
 * dashboard's drawer), 1024 px (1280), 1184 px (1440) and wider.
 */
export const COLUMN_FROM = {
  w900: 'jwa-from-900',
  w1100: 'jwa-from-1100',
  w1300: 'jwa-from-1300',
  w1500: 'jwa-from-1500',
} as const;

export const PAGE_SIZES = [20, 50, 100] as const;

/**
 * Texts of a table's paginator. `label` tells several paginators of a page apart; the per-page
 * toggle's name starts with the range it shows ("1 - 7 of 7"), as its accessible name must contain
 * its visible text.
 */
export function paginationTitles(
  t: (key: string) => string,
  label: string,
  range: { page: number; perPage: number; total: number },
): PaginationTitles {
  const first = range.total === 0 ? 0 : (range.page - 1) * range.perPage + 1;
  const last = Math.min(range.page * range.perPage, range.total);
  return {
    perPageSuffix: t('table.perPage'),
    items: t('table.items'),
    paginationAriaLabel: label,
    toFirstPageAriaLabel: t('table.firstPage'),
    toLastPageAriaLabel: t('table.lastPage'),
    toNextPageAriaLabel: t('table.nextPage'),
    toPreviousPageAriaLabel: t('table.previousPage'),
    optionsToggleAriaLabel: `${first} - ${last} ${t('table.of')} ${range.total}, ${t('table.perPage')}`,
    currPageAriaLabel: t('table.currentPage'),
    ofWord: t('table.of'),
  };
}
