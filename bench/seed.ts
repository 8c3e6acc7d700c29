import type { SandboxClient } from '../sandbox/src/admin-client.ts';
import { createProfileNamespace } from '../sandbox/src/bootstrap.ts';
import { managedFieldsFor, storedMetadata, withPodDefaults, type EtcdWriter } from './etcd-writer.ts';

export interface ClusterSize {
  namespaces: number;
  notebooks: number;
  /** Notebooks in the big user namespace (the 1,000-item list). */
  bigNamespaceNotebooks: number;
  /** Notebooks in the small user namespace (the 10-item list). */
  smallNamespaceNotebooks: number;
  concurrency: number;
}

export const BENCH_USER = 'bench-user@example.com';
export const BIG_NAMESPACE = 'bench-big';
export const SMALL_NAMESPACE = 'bench-small';

const IMAGE = 'kubeflownotebookswg/jupyter-scipy:v1.10.0';
const CREATED = '2026-01-01T00:00:00Z';

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(workers);
}

function notebook(namespace: string, name: string, withVolume: boolean) {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: {
      name,
      namespace,
      labels: { app: name },
      annotations: {
        'notebooks.kubeflow.org/server-type': 'jupyter',
        'notebooks.kubeflow.org/creator': BENCH_USER,
      },
    },
    spec: {
      template: {
        spec: {
          serviceAccountName: 'default-editor',
          containers: [
            {
              name,
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
              volumeMounts: [
                ...(withVolume ? [{ name: `${name}-workspace`, mountPath: '/home/jovyan' }] : []),
                { name: 'dshm', mountPath: '/dev/shm' },
              ],
            },
          ],
          volumes: [
            ...(withVolume
              ? [{ name: `${name}-workspace`, persistentVolumeClaim: { claimName: `${name}-workspace` } }]
              : []),
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
  };
}

function pod(namespace: string, nb: string, withVolume: boolean) {
  const spec = notebook(namespace, nb, withVolume).spec.template.spec;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${nb}-0`,
      namespace,
      labels: { app: nb, 'notebook-name': nb, statefulset: nb, 'statefulset.kubernetes.io/pod-name': `${nb}-0` },
    },
    spec,
  };
}

function event(namespace: string, kind: string, about: string, reason: string, message: string) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${about}.${reason.toLowerCase()}`, namespace },
    involvedObject: { kind, name: about, namespace },
    reason,
    message,
    type: 'Normal',
    source: { component: 'notebook-controller' },
    firstTimestamp: CREATED,
    lastTimestamp: CREATED,
    count: 1,
  };
}

function pvc(namespace: string, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
  };
}

interface NotebookPlan {
  namespace: string;
  name: string;
  /** The user namespaces get volumes, statuses and PVCs as a real profile would. */
  detailed: boolean;
}

function plan(size: ClusterSize): { namespaces: string[]; notebooks: NotebookPlan[] } {
  const others = Math.max(0, size.namespaces - 2);
  const namespaces = Array.from({ length: others }, (_, i) => `team-${String(i).padStart(3, '0')}`);
  const notebooks: NotebookPlan[] = [];
  const add = (namespace: string, count: number, detailed: boolean) => {
    for (let i = 0; i < count; i++) notebooks.push({ namespace, name: `nb-${String(i).padStart(4, '0')}`, detailed });
  };
  add(BIG_NAMESPACE, size.bigNamespaceNotebooks, true);
  add(SMALL_NAMESPACE, size.smallNamespaceNotebooks, true);
  const rest = Math.max(0, size.notebooks - size.bigNamespaceNotebooks - size.smallNamespaceNotebooks);
  for (let i = 0; i < others; i++) {
    add(namespaces[i]!, Math.floor(rest / others) + (i < rest % others ? 1 : 0), false);
  }
  return { namespaces, notebooks };
}

/**
 * A realistic cluster: two profile namespaces for the bench user (a big and a small one) and many
 * other teams' namespaces. Every notebook has its pod and an event; the user's notebooks also have a
 * workspace PVC and a status, as the notebook controller would write. With `bulk`, the other teams'
 * namespaces and objects are written straight to etcd (see EtcdWriter); the user's go through the
 * API server either way.
 */
export async function seedCluster(
  client: SandboxClient,
  size: ClusterSize,
  log: (msg: string) => void,
  bulk?: EtcdWriter,
): Promise<{ objects: number }> {
  const { namespaces, notebooks } = plan(size);
  let objects = 0;
  let lastReport = Date.now();
  const report = () => {
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      log(`  ${objects + (bulk?.written ?? 0)} objects`);
    }
  };
  const created = async (method: string, path: string, body: unknown, contentType?: string) => {
    await client.must(method, path, body, contentType);
    objects++;
    report();
  };
  for (const ns of [BIG_NAMESPACE, SMALL_NAMESPACE]) {
    await createProfileNamespace(client, ns, { editors: [BENCH_USER] });
  }
  const namespaceLabels = (ns: string) => ({
    'app.kubernetes.io/part-of': 'kubeflow-profile',
    'kubernetes.io/metadata.name': ns,
  });
  if (bulk) {
    for (const ns of namespaces) {
      await bulk.put(`/registry/namespaces/${ns}`, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: storedMetadata(ns, undefined, CREATED, { labels: namespaceLabels(ns) }),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  } else {
    await pool(namespaces, size.concurrency, (ns) =>
      created('POST', '/api/v1/namespaces', { metadata: { name: ns, labels: namespaceLabels(ns) } }),
    );
  }
  await client.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${BIG_NAMESPACE}/poddefaults`, {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: 'access-ml-pipeline' },
    spec: { desc: 'Allow access to Kubeflow Pipelines', selector: { matchLabels: { 'access-ml-pipeline': 'true' } } },
  });
  const throughApi = bulk ? notebooks.filter((n) => n.detailed) : notebooks;
  if (bulk) {
    for (const { namespace, name } of notebooks.filter((n) => !n.detailed)) {
      const stored = <T extends { apiVersion: string; metadata: { name: string } }>(object: T) => ({
        ...object,
        metadata: {
          ...object.metadata,
          ...storedMetadata(object.metadata.name, namespace, CREATED),
          managedFields: managedFieldsFor(object, object.apiVersion, CREATED),
        },
      });
      await bulk.put(`/registry/kubeflow.org/notebooks/${namespace}/${name}`, stored(notebook(namespace, name, false)));
      const p = withPodDefaults(pod(namespace, name, false));
      await bulk.put(`/registry/pods/${namespace}/${p.metadata.name}`, stored(p));
      const e = event(namespace, 'Notebook', name, 'Created', `Created StatefulSet ${name}`);
      await bulk.put(`/registry/events/${namespace}/${e.metadata.name}`, stored(e));
      report();
    }
    await bulk.flush();
  }
  await pool(throughApi, size.concurrency, async ({ namespace, name, detailed }) => {
    const base = `/api/v1/namespaces/${namespace}`;
    await created(
      'POST',
      `/apis/kubeflow.org/v1/namespaces/${namespace}/notebooks`,
      notebook(namespace, name, detailed),
    );
    await created('POST', `${base}/pods`, pod(namespace, name, detailed));
    await created(
      'POST',
      `${base}/events`,
      event(namespace, 'Notebook', name, 'Created', `Created StatefulSet ${name}`),
    );
    if (!detailed) return;
    await created('POST', `${base}/persistentvolumeclaims`, pvc(namespace, `${name}-workspace`));
    await created(
      'PATCH',
      `/apis/kubeflow.org/v1/namespaces/${namespace}/notebooks/${name}/status`,
      {
        status: {
          readyReplicas: 1,
          containerState: { running: { startedAt: CREATED } },
          conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: CREATED }],
        },
      },
      'application/merge-patch+json',
    );
  });
  return { objects: objects + (bulk?.written ?? 0) };
}
