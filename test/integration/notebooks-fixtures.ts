import type { SandboxClient } from '../../sandbox/src/admin-client.ts';

/** Raw admin writes that stand in for the notebook controller (there is none in the test cluster). */
export const nbPath = (ns: string, name = '') =>
  `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks${name ? `/${name}` : ''}`;

export function notebookObject(
  ns: string,
  name: string,
  container: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, namespace: ns, ...meta },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name,
              image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
              resources: {
                requests: { cpu: '500m', memory: '1Gi' },
                limits: { cpu: '1', memory: '1536Mi', 'nvidia.com/gpu': '2' },
              },
              ...container,
            },
          ],
          volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
        },
      },
    },
  };
}

export async function createNotebookRaw(admin: SandboxClient, ns: string, obj: unknown): Promise<any> {
  return admin.must('POST', nbPath(ns), obj);
}

/** Writes the status subresource as the controller would. */
export async function setNotebookStatus(
  admin: SandboxClient,
  ns: string,
  name: string,
  status: unknown,
): Promise<void> {
  await admin.must('PATCH', `${nbPath(ns, name)}/status`, { status }, 'application/merge-patch+json');
}

export async function createEvent(
  admin: SandboxClient,
  ns: string,
  name: string,
  involved: { kind: string; name: string },
  fields: { type: string; reason: string; message: string; lastTimestamp: string },
): Promise<void> {
  await admin.must('POST', `/api/v1/namespaces/${ns}/events`, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { ...involved, namespace: ns, apiVersion: 'kubeflow.org/v1' },
    source: { component: 'notebook-controller' },
    firstTimestamp: fields.lastTimestamp,
    count: 1,
    ...fields,
  });
}

export async function createPod(
  admin: SandboxClient,
  ns: string,
  name: string,
  labels: Record<string, string>,
  containerName: string,
) {
  return admin.must('POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: containerName, image: 'example/notebook:1' }] },
  });
}
