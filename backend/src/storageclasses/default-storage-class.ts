import { compareStrings } from '../compare.ts';
import type { StorageClass } from '../k8s/types.ts';

const DEFAULT_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export function isDefaultClass(sc: StorageClass): boolean {
  const annotations = sc.metadata.annotations ?? {};
  return DEFAULT_ANNOTATIONS.some((key) => annotations[key] === 'true');
}

export function storageClassNames(classes: readonly StorageClass[]): string[] {
  return classes
    .map((sc) => sc.metadata.name ?? '')
    .filter((n) => n !== '')
    .sort(compareStrings);
}

/** As Kubernetes picks it when several are marked: the newest, then the lowest name; "" if none. */
export function defaultStorageClass(classes: readonly StorageClass[]): string {
  const marked = classes.filter(isDefaultClass).sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    return compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
  });
  return marked[0]?.metadata.name ?? '';
}
