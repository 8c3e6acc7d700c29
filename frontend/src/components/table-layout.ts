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

export function paginationTitles(t: (key: string) => string): PaginationTitles {
  return {
    perPageSuffix: t('table.perPage'),
    items: t('table.items'),
    paginationAriaLabel: t('table.pagination'),
    toFirstPageAriaLabel: t('table.firstPage'),
    toLastPageAriaLabel: t('table.lastPage'),
    toNextPageAriaLabel: t('table.nextPage'),
    toPreviousPageAriaLabel: t('table.previousPage'),
    optionsToggleAriaLabel: t('table.perPage'),
    currPageAriaLabel: t('table.currentPage'),
    ofWord: t('table.of'),
  };
}
