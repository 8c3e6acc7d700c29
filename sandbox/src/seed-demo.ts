import type { SandboxClient } from './admin-client.ts';
import { createProfileNamespace } from './bootstrap.ts';

export const DEMO_NAMESPACE = 'kubeflow-user-example-com';
export const DEMO_USER = 'user@example.com';

const JUPYTER_IMAGE = 'kubeflownotebookswg/jupyter-scipy:v1.10.0';

function notebook(name: string, serverType: string, image: string, extra: { stopped?: boolean } = {}) {
  const annotations: Record<string, string> = {
    'notebooks.kubeflow.org/server-type': serverType,
    'notebooks.kubeflow.org/creator': DEMO_USER,
  };
  if (extra.stopped) annotations['kubeflow-resource-stopped'] = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, namespace: DEMO_NAMESPACE, labels: { app: name }, annotations },
    spec: {
      template: {
        spec: {
          serviceAccountName: 'default-editor',
          containers: [
            {
              name,
              image,
              imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
              volumeMounts: [
                { name: `${name}-workspace`, mountPath: '/home/jovyan' },
                { name: 'dshm', mountPath: '/dev/shm' },
              ],
            },
          ],
          volumes: [
            { name: `${name}-workspace`, persistentVolumeClaim: { claimName: `${name}-workspace` } },
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
  };
}

function pvc(name: string, size: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: DEMO_NAMESPACE },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
  };
}

/**
 * A demo profile for the local default: a few notebooks in different states, their volumes, two
 * PodDefaults and an event. The sandbox has no notebook controller, so statuses are written to the
 * status subresource here, as the controller would.
 */
export async function seedDemo(client: SandboxClient): Promise<void> {
  await createProfileNamespace(client, DEMO_NAMESPACE, { editors: [DEMO_USER] });
  const podDefaults = [
    { name: 'access-ml-pipeline', label: 'access-ml-pipeline', desc: 'Allow access to Kubeflow Pipelines' },
    { name: 'add-gpu-toleration', label: 'add-gpu-toleration', desc: 'Tolerate GPU nodes' },
  ];
  for (const pd of podDefaults) {
    await client.apply({
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: pd.name, namespace: DEMO_NAMESPACE },
      spec: { desc: pd.desc, selector: { matchLabels: { [pd.label]: 'true' } } },
    } as never);
  }
  const notebooks = [
    {
      nb: notebook('analysis', 'jupyter', JUPYTER_IMAGE),
      status: {
        readyReplicas: 1,
        containerState: { running: { startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } },
        conditions: [],
      },
    },
    {
      nb: notebook('vscode-dev', 'group-one', 'kubeflownotebookswg/codeserver-python:v1.10.0'),
      status: {
        readyReplicas: 0,
        containerState: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
        conditions: [],
      },
    },
    {
      nb: notebook('old-experiment', 'jupyter', JUPYTER_IMAGE, { stopped: true }),
      status: { readyReplicas: 0, containerState: {}, conditions: [] },
    },
  ];
  for (const { nb } of notebooks) await client.apply(pvc(`${nb.metadata.name}-workspace`, '10Gi'));
  await client.apply(pvc('shared-datasets', '50Gi'));
  for (const { nb, status } of notebooks) {
    await client.apply(nb);
    await client.must(
      'PATCH',
      `/apis/kubeflow.org/v1/namespaces/${DEMO_NAMESPACE}/notebooks/${nb.metadata.name}/status`,
      { status },
      'application/merge-patch+json',
    );
  }
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.must('POST', `/api/v1/namespaces/${DEMO_NAMESPACE}/events`, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'vscode-dev.pull-backoff', namespace: DEMO_NAMESPACE },
    involvedObject: { apiVersion: 'kubeflow.org/v1', kind: 'Notebook', name: 'vscode-dev', namespace: DEMO_NAMESPACE },
    reason: 'BackOff',
    message: 'Reissued from pod/vscode-dev-0: Back-off pulling image "kubeflownotebookswg/codeserver-python:v1.10.0"',
    type: 'Warning',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    source: { component: 'notebook-controller' },
  });
}
