import type { PaginationTitles } from '@patternfly/react-core';

/**
 * Column priorities: a secondary column shows only from a PatternFly breakpoint of the frame's
 * width on (lg 992 px, xl 1200 px, 2xl 1450 px). Status, name and actions always show, so the row
 * actions stay visible in the central dashboard's iframe at every window width.
 */
export const COLUMN_AT = {
  lg: ['hidden', 'visibleOnLg'],
  xl: ['hidden', 'visibleOnXl'],
  '2xl': ['hidden', 'visibleOn2Xl'],
} as const satisfies Record<string, ('hidden' | 'visibleOnLg' | 'visibleOnXl' | 'visibleOn2Xl')[]>;

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
