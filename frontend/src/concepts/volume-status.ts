import type { PersistentVolumeClaim, Phase, PvcListItem } from '../api/types.ts';

export const AUTOMOUNT_LABEL = 'blob.aaw.statcan.gc.ca/automount';

/** StatCan's automounted blob volumes are not the user's to manage (StatCan #186). */
export function isHiddenVolume(pvc: PvcListItem): boolean {
  return pvc.labels?.[AUTOMOUNT_LABEL] === 'true';
}

/** A ready PVC shows attached/unattached; any other status shows itself (ui.md §2.3). */
export function volumeDisplayStatus(pvc: PvcListItem): { phase: Phase | 'attached' | 'unattached' } {
  if (pvc.status.phase !== 'ready') return { phase: pvc.status.phase };
  return { phase: pvc.notebooks.length > 0 ? 'attached' : 'unattached' };
}

/** PVC names at or above 90 % usage, for the notebook warning badge. */
export function fullVolumeNames(pvcs: readonly PvcListItem[]): Set<string> {
  return new Set(pvcs.filter((p) => p.usage && Number(p.usage) >= 90).map((p) => p.name));
}

/** The status of a claim on its details page: terminating, attached/unattached when bound, else its phase. */
export function claimDisplayStatus(
  claim: PersistentVolumeClaim,
  notebooks: readonly string[],
): { phase: Phase | 'attached' | 'unattached'; key: string } {
  if (claim.metadata.deletionTimestamp) return { phase: 'terminating', key: 'status.pvcDeleting' };
  switch (claim.status?.phase) {
    case 'Bound':
      return notebooks.length > 0
        ? { phase: 'attached', key: 'volumes.attached' }
        : { phase: 'unattached', key: 'volumes.unattached' };
    case 'Lost':
      return { phase: 'error', key: 'volumes.lost' };
    default:
      return { phase: 'waiting', key: 'status.pvcPending' };
  }
}
