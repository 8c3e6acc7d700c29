import type { LiveChanges } from '@jupyter-apis/contract';

const byNameOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Applies a change event to a list: removed names go, changed items replace or join. The result is
 * name-sorted as the list routes sort, unless `compare` orders it (events: newest first).
 */
export function applyLiveChanges<T>(
  items: readonly T[],
  changes: LiveChanges<T>,
  nameOf: (item: T) => string,
  compare?: (a: T, b: T) => number,
): T[] {
  const byName = new Map(items.map((item) => [nameOf(item), item]));
  for (const name of changes.removed) byName.delete(name);
  for (const item of changes.changed) byName.set(nameOf(item), item);
  const merged = [...byName.values()];
  return merged.sort(compare ?? ((a, b) => byNameOrder(nameOf(a), nameOf(b))));
}
