import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';

/** Objects as the notebook controller and users would leave them; created with the admin client. */
export function notebookObject(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name,
              image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
              resources: { requests: { cpu: '500m', memory: '1Gi' } },
            },
          ],
        },
      },
    },
  };
}

export function pvcObject(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

export async function createNotebook(admin: SandboxClient, ns: string, name: string, labels = {}): Promise<void> {
  await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`, notebookObject(name, labels));
}

export async function createPvc(admin: SandboxClient, ns: string, name: string): Promise<void> {
  await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, pvcObject(name));
}

export async function createViewer(admin: SandboxClient, ns: string, name: string, pvc: string): Promise<void> {
  await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers`, {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PVCViewer',
    metadata: { name },
    spec: { pvc },
  });
}

/** The notebook's pod as the StatefulSet would create it (never scheduled: there is no kubelet). */
export async function createNotebookPod(admin: SandboxClient, ns: string, nb: string, pvc: string): Promise<void> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${nb}-0`, labels: { 'notebook-name': nb, statefulset: nb } },
    spec: {
      automountServiceAccountToken: false,
      containers: [{ name: nb, image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0' }],
      volumes: [{ name: pvc, persistentVolumeClaim: { claimName: pvc } }],
    },
  };
  // The namespace's default ServiceAccount appears shortly after the namespace; pods wait for it.
  for (let attempt = 0; ; attempt++) {
    const res = await admin.call('POST', `/api/v1/namespaces/${ns}/pods`, pod);
    if (res.status >= 200 && res.status < 300) return;
    if (attempt >= 50) throw new Error(`creating pod ${nb}-0: ${res.status} ${res.text.slice(0, 200)}`);
    await sleep(200);
  }
}

/** What a write could have changed in a namespace: every notebook, PVC and viewer with its version. */
export async function namespaceSnapshot(admin: SandboxClient, ns: string): Promise<string[]> {
  const lists = await Promise.all([
    admin.must('GET', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`),
    admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`),
    admin.must('GET', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers`),
  ]);
  const kinds = ['notebook', 'pvc', 'pvcviewer'];
  return lists
    .flatMap((list, i) =>
      (list.items ?? []).map(
        (o: any) =>
          `${kinds[i]}/${o.metadata.name}@${o.metadata.resourceVersion}${o.metadata.deletionTimestamp ? ' deleting' : ''}`,
      ),
    )
    .sort();
}

/** A JSON stub on 127.0.0.1 standing in for Kubecost or Prometheus. */
export async function startJsonStub(
  body: unknown,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
