import { withoutManagedFields, type KubeObject } from '../k8s/types.ts';

/**
 * An object as responses carry it (api.md §1.7): no managedFields, and apiVersion and kind set even
 * when it came from a list, whose items the API server sends without them.
 */
export function responseObject<T extends KubeObject>(obj: T, apiVersion: string, kind: string): T {
  const clean = withoutManagedFields(obj);
  return { ...clean, apiVersion: clean.apiVersion ?? apiVersion, kind: clean.kind ?? kind };
}
