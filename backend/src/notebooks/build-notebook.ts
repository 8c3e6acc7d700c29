import { randomBytes } from 'node:crypto';
import type { Container, Notebook, PersistentVolumeClaim, Volume, VolumeMount } from '../k8s/types.ts';
import { SERVER_TYPE_ANNOTATION } from './notebook-item.ts';
import type { NotebookForm } from './notebook-form.ts';
import { podVolumeName, type ResolvedVolume } from '../api-volume.ts';

export const CREATOR_ANNOTATION = 'notebooks.kubeflow.org/creator';
export const REWRITE_ANNOTATION = 'notebooks.kubeflow.org/http-rewrite-uri';
export const HEADERS_ANNOTATION = 'notebooks.kubeflow.org/http-headers-request-set';
export const DEFAULT_NOTEBOOK_LABEL = 'notebook.statcan.gc.ca/default-notebook';
export const ANONYMOUS_CREATOR = 'anonymous@kubeflow.org';

export interface BuildOptions {
  creator: string;
  serviceAccount: string;
  extraLabels: Record<string, string>;
  serverTypeAnnotations: 'upstream' | 'none';
  defaultNotebook?: boolean;
  /** Source of the random suffix of non-PVC volume names (tests pass a fixed one). */
  randomSuffix?: () => string;
}

function randomVolumeSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The pod volume and mount of one resolved volume; the claim name must be known by now. */
export function podVolume(v: ResolvedVolume, suffix: () => string): { volume: Volume; mount: VolumeMount } {
  let volume: Volume;
  if (v.claimName) {
    const claim: { claimName: string; readOnly?: boolean } = { claimName: v.claimName };
    if (v.readOnly) claim.readOnly = true;
    volume = { name: podVolumeName(v.claimName), persistentVolumeClaim: claim };
  } else if (v.source) {
    volume = { name: `existing-source-volume-${suffix()}`, [v.source.kind]: structuredClone(v.source.spec) };
  } else {
    throw new Error(`volume ${v.field} has no claim name yet`);
  }
  const mount: VolumeMount = { name: volume.name, mountPath: v.mount };
  if (v.readOnly) mount.readOnly = true;
  if (v.subPath) mount.subPath = v.subPath;
  if (v.mountPropagation) mount.mountPropagation = v.mountPropagation;
  return { volume, mount };
}

/** The annotations a server type needs behind the notebook controller's VirtualService. */
export function serverTypeAnnotations(
  form: Pick<NotebookForm, 'serverType' | 'namespace' | 'name'>,
  mode: 'upstream' | 'none',
) {
  const annotations: Record<string, string> = { [SERVER_TYPE_ANNOTATION]: form.serverType };
  if (mode === 'none') return annotations;
  if (form.serverType === 'group-one' || form.serverType === 'group-two') annotations[REWRITE_ANNOTATION] = '/';
  if (form.serverType === 'group-two') {
    annotations[HEADERS_ANNOTATION] = JSON.stringify({
      'X-RStudio-Root-Path': `/notebook/${form.namespace}/${form.name}/`,
    });
  }
  return annotations;
}

/** The new PVCs of a form, in volume order (workspace first). */
export function newPvcsOf(form: Pick<NotebookForm, 'workspace' | 'datavols'>): ResolvedVolume[] {
  return [...(form.workspace ? [form.workspace] : []), ...form.datavols].filter((v) => v.newPvc);
}

export function pvcObject(v: ResolvedVolume, namespace: string): PersistentVolumeClaim {
  const pvc = structuredClone(v.newPvc!);
  pvc.metadata.namespace = namespace;
  return pvc;
}

/** Volumes and mounts in order: workspace, data volumes, then dshm. */
export function volumesAndMounts(
  form: Pick<NotebookForm, 'workspace' | 'datavols' | 'shm'>,
  suffix: () => string,
  shmSizeLimit?: string,
) {
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  for (const v of [...(form.workspace ? [form.workspace] : []), ...form.datavols]) {
    const pv = podVolume(v, suffix);
    volumes.push(pv.volume);
    mounts.push(pv.mount);
  }
  if (form.shm) {
    volumes.push({
      name: 'dshm',
      emptyDir: shmSizeLimit ? { medium: 'Memory', sizeLimit: shmSizeLimit } : { medium: 'Memory' },
    });
    mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
  }
  return { volumes, mounts };
}

/** The Notebook object of a validated form (notebook-from-form.md §5); claim names must be final. */
export function buildNotebook(form: NotebookForm, options: BuildOptions & { shmSizeLimit?: string }): Notebook {
  const labels: Record<string, string> = { app: form.name, ...form.configurations, ...options.extraLabels };
  if (options.defaultNotebook) labels[DEFAULT_NOTEBOOK_LABEL] = 'true';
  const annotations = {
    ...serverTypeAnnotations(form, options.serverTypeAnnotations),
    [CREATOR_ANNOTATION]: options.creator,
  };
  const requests: Record<string, string> = { cpu: form.cpu.request, memory: form.memory.request };
  const limits: Record<string, string> = {};
  if (form.cpu.limit) limits.cpu = form.cpu.limit;
  if (form.memory.limit) limits.memory = form.memory.limit;
  if (form.gpu) {
    requests[form.gpu.vendor] = String(form.gpu.num);
    limits[form.gpu.vendor] = String(form.gpu.num);
  }
  const { volumes, mounts } = volumesAndMounts(form, options.randomSuffix ?? randomVolumeSuffix, options.shmSizeLimit);
  const container: Container = {
    name: form.name,
    image: form.image,
    imagePullPolicy: form.imagePullPolicy,
    resources: Object.keys(limits).length > 0 ? { requests, limits } : { requests },
  };
  if (form.language) container.env = [{ name: 'KF_LANG', value: form.language }];
  // Always written, [] when empty, as upstream does: its details page iterates both unchecked.
  container.volumeMounts = mounts;
  const podSpec: Record<string, unknown> = {
    serviceAccountName: options.serviceAccount,
    containers: [container],
    volumes,
  };
  if (form.affinity !== undefined && form.affinity !== null) podSpec.affinity = form.affinity;
  if (form.tolerations.length > 0) podSpec.tolerations = form.tolerations;
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name: form.name, namespace: form.namespace, labels, annotations },
    spec: { template: { spec: podSpec } },
  };
}
