import { createHash } from 'node:crypto';
import type { Container, KubeObject, Notebook, PodSpec } from '../../../backend/src/k8s/types.ts';

/**
 * The StatefulSet and Service the Kubeflow notebook controller makes for a Notebook, built as data
 * (kubeflow/notebooks `generateStatefulSet`, `generateService`): replicas 0 while the stop annotation
 * is present, the pod labelled `statefulset` and `notebook-name` plus the Notebook's labels, the
 * Notebook's annotations minus keys naming kubectl or notebook, and the container defaults the
 * controller adds (working dir, port 8888, NB_PREFIX, fsGroup 100).
 */
export const STOP_ANNOTATION = 'kubeflow-resource-stopped';
export const DEFAULT_CONTAINER_PORT = 8888;
export const SERVING_PORT = 80;
const DEFAULT_FS_GROUP = 100;
/** Our record of the template we last wrote, so that server-side defaults never look like a change. */
export const TEMPLATE_HASH_ANNOTATION = 'sandbox.jupyter-apis.local/template-hash';

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
    [key: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; [key: string]: unknown };
}

export interface Service extends KubeObject {
  spec?: Record<string, unknown>;
}

function ownerReference(notebook: Notebook) {
  return {
    apiVersion: notebook.apiVersion ?? 'kubeflow.org/v1',
    kind: 'Notebook',
    name: notebook.metadata.name!,
    uid: notebook.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isStopped(notebook: Notebook): boolean {
  return notebook.metadata.annotations?.[STOP_ANNOTATION] !== undefined;
}

function podTemplateAnnotations(notebook: Notebook): Record<string, string> {
  return Object.fromEntries(
    Object.entries(notebook.metadata.annotations ?? {}).filter(
      ([key]) => !key.includes('kubectl') && !key.includes('notebook'),
    ),
  );
}

function notebookPodSpec(notebook: Notebook): PodSpec {
  const { name, namespace } = notebook.metadata;
  const spec = structuredClone(notebook.spec?.template?.spec ?? {}) as PodSpec;
  const containers: Container[] = spec.containers ?? [];
  const first = containers[0];
  if (first) {
    first.workingDir ??= '/home/jovyan';
    first.ports ??= [{ containerPort: DEFAULT_CONTAINER_PORT, name: 'notebook-port', protocol: 'TCP' }];
    const prefix = `/notebook/${namespace}/${name}`;
    const env = (first.env ?? []).filter((e) => e.name !== 'NB_PREFIX');
    first.env = [...env, { name: 'NB_PREFIX', value: prefix }];
  }
  spec.securityContext ??= { fsGroup: DEFAULT_FS_GROUP };
  return spec;
}

export function buildStatefulSet(notebook: Notebook): StatefulSet {
  const name = notebook.metadata.name!;
  const template = {
    metadata: {
      labels: { statefulset: name, 'notebook-name': name, ...notebook.metadata.labels },
      annotations: podTemplateAnnotations(notebook),
    },
    spec: notebookPodSpec(notebook),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name,
      namespace: notebook.metadata.namespace,
      ownerReferences: [ownerReference(notebook)],
      annotations: { [TEMPLATE_HASH_ANNOTATION]: templateHash(template) },
    },
    spec: {
      replicas: isStopped(notebook) ? 0 : 1,
      selector: { matchLabels: { statefulset: name } },
      template,
    },
  };
}

function templateHash(template: unknown): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 16);
}

/** Whether the StatefulSet on the cluster differs from the one we want (replicas or pod template). */
export function statefulSetNeedsUpdate(existing: StatefulSet, desired: StatefulSet): boolean {
  return (
    existing.spec?.replicas !== desired.spec?.replicas ||
    existing.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION] !==
      desired.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION]
  );
}

export function buildService(notebook: Notebook): Service {
  const name = notebook.metadata.name!;
  const port = notebook.spec?.template?.spec?.containers?.[0]?.ports as { containerPort?: number }[] | undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: notebook.metadata.namespace, ownerReferences: [ownerReference(notebook)] },
    spec: {
      type: 'ClusterIP',
      selector: { statefulset: name },
      ports: [
        {
          // The Istio port-name convention, as the controller names it.
          name: `http-${name}`,
          port: SERVING_PORT,
          targetPort: port?.[0]?.containerPort ?? DEFAULT_CONTAINER_PORT,
          protocol: 'TCP',
        },
      ],
    },
  };
}
