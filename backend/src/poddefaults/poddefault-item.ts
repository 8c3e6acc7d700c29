import { byName } from '../compare.ts';
import { withoutManagedFields, type PodDefault } from '../k8s/types.ts';

export type PodDefaultItem = PodDefault & { label: string; desc: string };

/** The selector key the form selects by: the first matchLabels key in sorted order, "" if none. */
export function podDefaultLabel(pd: PodDefault): string {
  const keys = Object.keys(pd.spec?.selector?.matchLabels ?? {}).sort();
  return keys[0] ?? '';
}

export function toPodDefaultItem(pd: PodDefault): PodDefaultItem {
  const desc = typeof pd.spec?.desc === 'string' && pd.spec.desc ? pd.spec.desc : (pd.metadata.name ?? '');
  return { ...withoutManagedFields(pd), label: podDefaultLabel(pd), desc };
}

/** The namespace's PodDefaults as the form needs them, sorted by name, hidden labels removed. */
export function podDefaultItems(podDefaults: readonly PodDefault[], hiddenLabels: readonly string[]): PodDefaultItem[] {
  const hidden = new Set(hiddenLabels);
  return podDefaults
    .map(toPodDefaultItem)
    .filter((item) => !hidden.has(item.label) || item.label === '')
    .sort(byName);
}
