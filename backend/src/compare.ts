/** Code-point order, as Go's sort.Strings: stable across locales, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName<T extends { metadata?: { name?: string } }>(a: T, b: T): number {
  return compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '');
}
