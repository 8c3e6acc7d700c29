import type { SandboxClient } from '../../../sandbox/src/admin-client.ts';

const IMAGE = 'kubeflownotebookswg/jupyter-scipy:v1.10.0';

export function rfc3339(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A Notebook as either frontend would create it, with an optional stop annotation. */
export function notebookObject(namespace: string, name: string, opts: { serverType?: string; stopped?: boolean } = {}) {
  const annotations: Record<string, string> = {
    'notebooks.kubeflow.org/server-type': opts.serverType ?? 'jupyter',
    'notebooks.kubeflow.org/creator': 'alice@example.com',
  };
  if (opts.stopped) annotations['kubeflow-resource-stopped'] = rfc3339();
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, namespace, labels: { app: name }, annotations },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name,
              image: IMAGE,
              resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
              volumeMounts: [{ name: `${name}-workspace`, mountPath: '/home/jovyan' }],
            },
          ],
          volumes: [{ name: `${name}-workspace`, persistentVolumeClaim: { claimName: `${name}-workspace` } }],
        },
      },
    },
  };
}

export type SeedState = 'ready' | 'stopped' | 'warning';

/** Creates a notebook, its workspace PVC, and writes the status the notebook controller would. */
export async function seedNotebook(client: SandboxClient, namespace: string, name: string, state: SeedState) {
  await client.apply({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `${name}-workspace`, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
  } as never);
  await client.apply(notebookObject(namespace, name, { stopped: state === 'stopped' }) as never);
  const status =
    state === 'ready'
      ? { readyReplicas: 1, containerState: { running: { startedAt: rfc3339() } }, conditions: [] }
      : state === 'stopped'
        ? { readyReplicas: 0, containerState: {}, conditions: [] }
        : {
            readyReplicas: 0,
            containerState: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
            conditions: [],
          };
  await client.must(
    'PATCH',
    `/apis/kubeflow.org/v1/namespaces/${namespace}/notebooks/${name}/status`,
    { status },
    'application/merge-patch+json',
  );
}
