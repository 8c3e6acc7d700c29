import type { PvcViewerState } from '@jupyter-apis/contract';
import type { PvcViewer } from '../k8s/types.ts';

/** status.md §3. */
export function pvcViewerState(viewer: PvcViewer | undefined): PvcViewerState {
  if (!viewer) return { status: 'uninitialized', url: null };
  const url = typeof viewer.status?.url === 'string' && viewer.status.url ? viewer.status.url : null;
  if (viewer.metadata.deletionTimestamp) return { status: 'terminating', url };
  if (viewer.status?.ready === true) return { status: 'ready', url };
  return { status: 'waiting', url };
}
