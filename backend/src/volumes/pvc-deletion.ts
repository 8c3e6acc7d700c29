import type { Pod, PvcViewer } from '../k8s/types.ts';
import { isViewerPod, podsMounting, VIEWER_POD_LABEL } from './pvc-users.ts';

export interface PvcDeletionPlan {
  /** Pods other than viewers that mount the claim: any of them refuses the deletion. */
  blockingPods: string[];
  /** PVCViewers to delete first: those owning a viewer pod on the claim, and those opened on it. */
  viewers: string[];
}

/** api.md route 18: what stands in the way of deleting a PVC, from the namespace's pods and viewers. */
export function planPvcDeletion(claim: string, pods: readonly Pod[], viewers: readonly PvcViewer[]): PvcDeletionPlan {
  const mounting = podsMounting(pods, claim);
  const blockingPods = mounting.filter((p) => !isViewerPod(p)).map((p) => p.metadata.name ?? '');
  const owners = mounting.map((p) => p.metadata.labels?.[VIEWER_POD_LABEL] ?? '');
  const openedOnClaim = viewers.filter((v) => v.spec?.pvc === claim).map((v) => v.metadata.name ?? '');
  const names = new Set([...owners, ...openedOnClaim].filter((n) => n !== ''));
  return { blockingPods, viewers: [...names].sort() };
}
