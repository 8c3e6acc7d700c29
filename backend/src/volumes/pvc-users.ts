import { byName, compareStrings } from '../compare.ts';
import type { Notebook, Pod, PodSpec } from '../k8s/types.ts';

/** The label the PVCViewer controller puts on its pods; its value names the viewer. */
export const VIEWER_POD_LABEL = 'app.kubernetes.io/name';

function mountsClaim(spec: PodSpec | undefined, claim: string): boolean {
  return (spec?.volumes ?? []).some((v) => v?.persistentVolumeClaim?.claimName === claim);
}

/** Every PVC name each notebook mounts, for the list: one pass over the notebooks per request. */
export function notebooksByClaim(notebooks: readonly Notebook[]): Map<string, string[]> {
  const byClaim = new Map<string, string[]>();
  for (const nb of notebooks) {
    const name = nb.metadata.name ?? '';
    const claims = new Set(
      (nb.spec?.template?.spec?.volumes ?? [])
        .map((v) => v?.persistentVolumeClaim?.claimName)
        .filter((c): c is string => typeof c === 'string' && c !== ''),
    );
    for (const claim of claims) byClaim.set(claim, [...(byClaim.get(claim) ?? []), name]);
  }
  for (const names of byClaim.values()) names.sort(compareStrings);
  return byClaim;
}

export function notebooksUsing(notebooks: readonly Notebook[], claim: string): string[] {
  return notebooksByClaim(notebooks).get(claim) ?? [];
}

/** Pods whose volumes reference the claim, sorted by name. */
export function podsMounting(pods: readonly Pod[], claim: string): Pod[] {
  return pods.filter((p) => mountsClaim(p.spec, claim)).sort(byName);
}

export function isViewerPod(pod: Pod): boolean {
  return pod.metadata.labels?.[VIEWER_POD_LABEL] !== undefined;
}
