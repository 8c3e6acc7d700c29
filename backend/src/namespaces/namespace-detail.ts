import type { NamespaceDetail } from '@jupyter-apis/contract';
import type { Namespace } from '../k8s/types.ts';

/** Route 7: only what the UI reads (labels gate form options); no managedFields or finalizers. */
export function namespaceDetail(ns: Namespace): NamespaceDetail {
  return {
    metadata: {
      name: ns.metadata.name ?? '',
      labels: { ...(ns.metadata.labels ?? {}) },
      annotations: { ...(ns.metadata.annotations ?? {}) },
      creationTimestamp: ns.metadata.creationTimestamp ?? null,
    },
    spec: { ...(ns.spec ?? {}) },
    status: { ...(ns.status ?? {}) },
  };
}
