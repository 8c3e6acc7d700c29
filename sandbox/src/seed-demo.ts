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
 * A demo profile for the local default: two notebooks that start, a stopped one, their volumes, a
 * volume no notebook uses and two PodDefaults. Statuses, pods and events come from the local
 * control plane's controllers (kwok, the scheduler, the notebook controller), as on a cluster.
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
    notebook('analysis', 'jupyter', JUPYTER_IMAGE),
    notebook('vscode-dev', 'group-one', 'kubeflownotebookswg/codeserver-python:v1.10.0'),
    notebook('old-experiment', 'jupyter', JUPYTER_IMAGE, { stopped: true }),
  ];
  for (const nb of notebooks) await client.apply(pvc(`${nb.metadata.name}-workspace`, '10Gi'));
  await client.apply(pvc('shared-datasets', '50Gi'));
  for (const nb of notebooks) await client.apply(nb);
}
