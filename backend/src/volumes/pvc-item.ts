import type { PvcItem, PvcUsage } from '@jupyter-apis/contract';
import { byName } from '../compare.ts';
import { eventsAbout, newestFirst } from '../events/event-order.ts';
import type { KubeEvent, Notebook, PersistentVolumeClaim, PvcViewer } from '../k8s/types.ts';
import { notebooksByClaim } from './pvc-users.ts';
import { pvcStatus } from './pvc-status.ts';
import { pvcViewerState } from './pvc-viewer-state.ts';

export const USAGE_ANNOTATION = 'pvc.kubeflow.org/usage';
export const USED_BYTES_ANNOTATION = 'pvc.kubeflow.org/used-bytes';

/** What the list needs besides the PVCs, each loaded once per request. */
export interface PvcListContext {
  events: readonly KubeEvent[];
  notebooks: readonly Notebook[];
  /** Empty when the viewer feature is off. */
  viewers: readonly PvcViewer[];
  /** Live usage from Prometheus, when configured and answering; else the annotations are used. */
  usage?: ReadonlyMap<string, PvcUsage>;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function pvcEvents(events: readonly KubeEvent[], pvc: PersistentVolumeClaim): KubeEvent[] {
  const name = pvc.metadata.name ?? '';
  return newestFirst(eventsAbout(events, 'PersistentVolumeClaim', name, pvc.metadata.creationTimestamp));
}

/** api.md §3.3 route 16: one malformed PVC gives empty values, never a failed list. */
export function pvcItems(pvcs: readonly PersistentVolumeClaim[], ctx: PvcListContext): PvcItem[] {
  const notebooks = notebooksByClaim(ctx.notebooks);
  const viewers = new Map(ctx.viewers.map((v) => [v.metadata.name ?? '', v]));
  return [...pvcs].sort(byName).map((pvc) => {
    const name = pvc.metadata.name ?? '';
    const requested = str(pvc.spec?.resources?.requests?.storage);
    const modes = Array.isArray(pvc.spec?.accessModes) ? pvc.spec.accessModes.filter((m) => typeof m === 'string') : [];
    const annotations = pvc.metadata.annotations ?? {};
    const live = ctx.usage?.get(name);
    return {
      name,
      namespace: pvc.metadata.namespace ?? '',
      size: requested,
      mode: modes[0] ?? '',
      modes,
      capacity: str(pvc.status?.capacity?.storage) || requested,
      class: str(pvc.spec?.storageClassName),
      age: pvc.metadata.creationTimestamp ?? '',
      status: pvcStatus(pvc, pvcEvents(ctx.events, pvc)),
      notebooks: notebooks.get(name) ?? [],
      labels: { ...(pvc.metadata.labels ?? {}) },
      viewer: pvcViewerState(viewers.get(name)),
      usage: live ? live.usage : str(annotations[USAGE_ANNOTATION]),
      usedBytes: live ? live.usedBytes : str(annotations[USED_BYTES_ANNOTATION]),
    };
  });
}
