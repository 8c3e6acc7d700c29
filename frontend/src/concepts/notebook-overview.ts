import type { EnvVar, Notebook, Pod, PodDefault, PodVolume } from '../api/types.ts';

export type VolumeGroup = 'pvc' | 'memory' | 'ephemeral' | 'configMap' | 'secret' | 'other';

/** Groups the notebook's volumes as the Overview tab lists them (ui.md §4). */
export function groupVolumes(volumes: readonly PodVolume[]): Record<VolumeGroup, PodVolume[]> {
  const groups: Record<VolumeGroup, PodVolume[]> = {
    pvc: [],
    memory: [],
    ephemeral: [],
    configMap: [],
    secret: [],
    other: [],
  };
  for (const v of volumes) {
    if (v.persistentVolumeClaim) groups.pvc.push(v);
    else if (v.emptyDir && v.emptyDir.medium === 'Memory') groups.memory.push(v);
    else if (v.emptyDir || v.ephemeral) groups.ephemeral.push(v);
    else if (v.configMap) groups.configMap.push(v);
    else if (v.secret) groups.secret.push(v);
    else groups.other.push(v);
  }
  return groups;
}

export function hasSharedMemory(volumes: readonly PodVolume[]): boolean {
  return volumes.some((v) => v.name === 'dshm');
}

/** PodDefaults applied to the notebook: those whose `label` is one of its labels. */
export function appliedPodDefaults(notebook: Notebook, podDefaults: readonly PodDefault[]): PodDefault[] {
  const labels = notebook.spec.template.spec.containers.length
    ? (notebook.metadata.labels ?? {})
    : (notebook.metadata.labels ?? {});
  return podDefaults.filter((p) => p.label && p.label in labels);
}

function resolveFieldRef(path: string, pod: Pod): string | undefined {
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (annotation) return pod.metadata.annotations?.[annotation[1]!];
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return pod.metadata.labels?.[label[1]!];
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'spec.nodeName':
      return pod.spec.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName;
    case 'status.podIP':
      return pod.status?.podIP;
    case 'status.hostIP':
      return pod.status?.hostIP;
    default:
      return undefined;
  }
}

export interface EnvGroup {
  /** 'notebook', 'other', or a PodDefault desc. */
  source: string;
  vars: { name: string; value: string }[];
}

/**
 * The live pod's environment grouped by origin: the Notebook CR, each PodDefault (by desc), other.
 * `fieldRef` values are resolved from the pod; other `valueFrom` sources are shown as their kind.
 */
export function environmentGroups(notebook: Notebook, pod: Pod, podDefaults: readonly PodDefault[]): EnvGroup[] {
  const container = pod.spec.containers.find((c) => c.name === notebook.metadata.name) ?? pod.spec.containers[0];
  const crContainer =
    notebook.spec.template.spec.containers.find((c) => c.name === notebook.metadata.name) ??
    notebook.spec.template.spec.containers[0];
  const crNames = new Set((crContainer?.env ?? []).map((e) => e.name));
  const applied = appliedPodDefaults(notebook, podDefaults);
  const groups = new Map<string, EnvGroup>();
  const add = (source: string, name: string, value: string) => {
    if (!groups.has(source)) groups.set(source, { source, vars: [] });
    groups.get(source)!.vars.push({ name, value });
  };
  for (const env of container?.env ?? []) {
    const value = envValue(env, pod);
    if (crNames.has(env.name)) add('notebook', env.name, value);
    else {
      const from = applied.find((p) => p.spec.env?.some((e) => e.name === env.name));
      add(from ? from.desc : 'other', env.name, value);
    }
  }
  return [...groups.values()];
}

function envValue(env: EnvVar, pod: Pod): string {
  if (env.value !== undefined) return env.value;
  const path = env.valueFrom?.fieldRef?.fieldPath;
  if (path) return resolveFieldRef(path, pod) ?? `(${path})`;
  const kind = env.valueFrom ? Object.keys(env.valueFrom)[0] : undefined;
  return kind ? `(${kind})` : '';
}
