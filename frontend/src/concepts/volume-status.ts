import type { Phase, PvcListItem } from '../api/types.ts';

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
