import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import {
  createEvent,
  createNotebookRaw,
  createPod,
  nbPath,
  notebookObject,
  setNotebookStatus,
} from './notebooks-fixtures.ts';

const ALICE = 'alice@example.com';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('notebooks: list, get, status, pod, logs, events', () => {
  let t: TestApp;
  let ns: string;
  let admin: SandboxClient;

  beforeAll(async () => {
    t = await startTestApp();
    ns = await testNamespace('nbread');
    admin = clientAs('admin');
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  const eventListCalls = async () =>
    (await t.metrics.k8sRequests.get()).values
      .filter((v) => v.labels.verb === 'list' && v.labels.resource === 'events')
      .reduce((sum, v) => sum + v.value, 0);
  const get = (url: string, user: string | null = ALICE) => requestAs(t.app, user, { url });

  it('lists items with every field of both anchors, sorted by name', async () => {
    await createNotebookRaw(
      admin,
      ns,
      notebookObject(
        ns,
        'beta',
        {},
        {
          labels: { app: 'beta' },
          annotations: {
            'notebooks.kubeflow.org/server-type': 'jupyter',
            'notebooks.kubeflow.org/last-activity': '2026-01-01T10:00:00Z',
          },
        },
      ),
    );
    await createNotebookRaw(admin, ns, notebookObject(ns, 'alpha', { image: 'registry.example:5000/team/rstudio:v2' }));
    await setNotebookStatus(admin, ns, 'beta', {
      readyReplicas: 1,
      containerState: { running: { startedAt: minutesAgo(1) } },
      conditions: [],
    });

    const res = await get(`/api/namespaces/${ns}/notebooks`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.notebooks.map((n: { name: string }) => n.name)).toEqual(['alpha', 'beta']);
    const beta = body.notebooks[1];
    expect(Object.keys(beta).sort()).toEqual(
      [
        'age',
        'cpu',
        'cpuLimit',
        'gpus',
        'image',
        'labels',
        'lastActivity',
        'last_activity',
        'memory',
        'memoryLimit',
        'metadata',
        'name',
        'namespace',
        'serverType',
        'shortImage',
        'status',
        'volumes',
      ].sort(),
    );
    expect(beta).toMatchObject({
      namespace: ns,
      serverType: 'jupyter',
      last_activity: '2026-01-01T10:00:00Z',
      lastActivity: '2026-01-01T10:00:00Z',
      image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
      shortImage: 'jupyter-scipy:v1.10.0',
      cpu: '500m',
      memory: '1Gi',
      cpuLimit: '1',
      memoryLimit: '1536Mi',
      gpus: { count: 2, message: '2 NVIDIA' },
      volumes: ['dshm'],
      status: { phase: 'ready', key: 'running', message: 'Running', state: '' },
      labels: { app: 'beta' },
    });
    expect(beta.metadata.managedFields).toBeUndefined();
    expect(beta.metadata.name).toBe('beta');
    expect(body.notebooks[0].shortImage).toBe('rstudio:v2');
    expect(body.notebooks[0].serverType).toBe('');
    expect(body.notebooks[0].lastActivity).toBe('');
  });

  it('drives every notebook status row from the status subresource and events', async () => {
    const cases: [string, unknown, Record<string, string> | undefined, string, string][] = [
      [
        'st-stopped',
        { readyReplicas: 0 },
        { 'kubeflow-resource-stopped': '2026-01-01T00:00:00Z' },
        'stopped',
        'noPodsRunning',
      ],
      [
        'st-stopping',
        { readyReplicas: 1 },
        { 'kubeflow-resource-stopped': '2026-01-01T00:00:00Z' },
        'waiting',
        'notebookStopping',
      ],
      ['st-ready', { readyReplicas: 1 }, undefined, 'ready', 'running'],
      [
        'st-init',
        { containerState: { waiting: { reason: 'PodInitializing' } } },
        undefined,
        'waiting',
        'schedulingPod',
      ],
      [
        'st-creating',
        { containerState: { waiting: { reason: 'ContainerCreating' } } },
        undefined,
        'waiting',
        'schedulingPod',
      ],
      [
        'st-backoff',
        { containerState: { waiting: { reason: 'ImagePullBackOff', message: 'pull failed' } } },
        undefined,
        'warning',
        'containerWaiting',
      ],
      [
        'st-cond',
        {
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' },
          ],
        },
        undefined,
        'warning',
        'errorCondition',
      ],
      ['st-fresh', undefined, undefined, 'waiting', 'waitingStatus'],
    ];
    // A condition without a reason takes the notebook past row 1 (the 10 s grace period) as a real
    // controller's first status write does, without matching row 8.
    const seen = { type: 'Ready', status: 'False' };
    for (const [name, status, annotations] of cases) {
      await createNotebookRaw(admin, ns, notebookObject(ns, name, {}, annotations ? { annotations } : {}));
      if (!status) continue;
      const s = status as { conditions?: unknown[] };
      await setNotebookStatus(admin, ns, name, { ...s, conditions: [...(s.conditions ?? []), seen] });
    }
    const res = await get(`/api/namespaces/${ns}/notebooks`);
    const byName = new Map<string, { status: { phase: string; key: string; message: string; state: string } }>(
      res.json().notebooks.map((n: { name: string }) => [n.name, n]),
    );
    for (const [name, , , phase, key] of cases) {
      expect([name, byName.get(name)!.status.phase, byName.get(name)!.status.key]).toEqual([name, phase, key]);
    }
    expect(byName.get('st-backoff')!.status).toEqual({
      phase: 'warning',
      key: 'containerWaiting',
      message: 'ImagePullBackOff: pull failed',
      state: 'ImagePullBackOff',
    });
    expect(byName.get('st-cond')!.status.message).toBe('Unschedulable: 0/1 nodes are available');
  });

  it('rows 4, 9 and 10: deleting, the newest warning event, no information', async () => {
    await createNotebookRaw(admin, ns, notebookObject(ns, 'st-event'));
    await createNotebookRaw(admin, ns, notebookObject(ns, 'st-none'));
    await createNotebookRaw(admin, ns, notebookObject(ns, 'st-deleting', {}, { finalizers: ['example.com/hold'] }));
    // Conditions with no reason leave rows 1 and 8 behind, as a controller that has seen the pod would.
    const noReason = { conditions: [{ type: 'Ready', status: 'False' }] };
    for (const n of ['st-event', 'st-none', 'st-deleting']) await setNotebookStatus(admin, ns, n, noReason);
    await createEvent(
      admin,
      ns,
      'ev-old',
      { kind: 'Notebook', name: 'st-event' },
      { type: 'Warning', reason: 'FailedCreate', message: 'older problem', lastTimestamp: minutesAgo(-1) },
    );
    await createEvent(
      admin,
      ns,
      'ev-new',
      { kind: 'Notebook', name: 'st-event' },
      {
        type: 'Warning',
        reason: 'FailedCreate',
        message: 'Reissued from pod/st-event-0: newest problem',
        lastTimestamp: minutesAgo(-2),
      },
    );
    await createEvent(
      admin,
      ns,
      'ev-normal',
      { kind: 'Notebook', name: 'st-event' },
      { type: 'Normal', reason: 'Created', message: 'fine', lastTimestamp: minutesAgo(-3) },
    );
    await admin.must('DELETE', nbPath(ns, 'st-deleting'));

    const before = await eventListCalls();
    const listed = await get(`/api/namespaces/${ns}/notebooks`);
    // One events read for the whole list (none when a watch cache serves it), not one per notebook.
    expect((await eventListCalls()) - before).toBeLessThanOrEqual(1);
    expect(listed.json().notebooks.length).toBeGreaterThan(10);
    const items = new Map<string, { status: Record<string, string> }>(
      listed.json().notebooks.map((n: { name: string }) => [n.name, n]),
    );
    expect(items.get('st-event')!.status).toEqual({
      phase: 'warning',
      key: 'errorEvent',
      message: 'Reissued from pod/st-event-0: newest problem',
      state: 'FailedCreate',
    });
    expect(items.get('st-none')!.status.key).toBe('noInformation');
    expect(items.get('st-deleting')!.status).toEqual({
      phase: 'terminating',
      key: 'notebookDeleting',
      message: 'Deleting this Notebook Server.',
      state: '',
    });

    const events = await get(`/api/namespaces/${ns}/notebooks/st-event/events`);
    expect(events.statusCode).toBe(200);
    expect(events.json().events.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
      'ev-normal',
      'ev-new',
      'ev-old',
    ]);
    expect(events.json().events[0].metadata.managedFields).toBeUndefined();
    const none = await get(`/api/namespaces/${ns}/notebooks/never-existed/events`);
    expect(none.json().events).toEqual([]);
    await admin.must(
      'PATCH',
      nbPath(ns, 'st-deleting'),
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
  });

  it('odd objects are listed with empty values, never a 500', async () => {
    const noContainers = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name: 'odd-empty', namespace: ns, annotations: { 'notebooks.kubeflow.org/server-type': 'emacs' } },
      spec: { template: { spec: { containers: [] } } },
    };
    const res = await admin.call('POST', nbPath(ns), noContainers);
    let oddName = 'odd-empty';
    if (res.status >= 300) {
      // The CRD refused an empty container list: use a container without image or resources instead.
      oddName = 'odd-bare';
      await admin.must('POST', nbPath(ns), {
        ...noContainers,
        metadata: { ...noContainers.metadata, name: oddName },
        spec: { template: { spec: { containers: [{ name: 'something-else' }] } } },
      });
    }
    await admin.must('POST', nbPath(ns), {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name: 'odd-nospec', namespace: ns },
    });
    const list = await get(`/api/namespaces/${ns}/notebooks`);
    expect(list.statusCode).toBe(200);
    const odd = list.json().notebooks.find((n: { name: string }) => n.name === oddName);
    expect(odd).toMatchObject({
      serverType: 'emacs',
      image: '',
      shortImage: '',
      cpu: '',
      memory: '',
      cpuLimit: '',
      memoryLimit: '',
      gpus: { count: 0, message: '' },
      volumes: [],
      labels: {},
    });
    const noSpec = list.json().notebooks.find((n: { name: string }) => n.name === 'odd-nospec');
    expect(noSpec).toMatchObject({ image: '', volumes: [], cpu: '' });
    const detail = await get(`/api/namespaces/${ns}/notebooks/${oddName}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().notebook.formatted_resources).toEqual({
      cpu: '0',
      cpuLimit: '0',
      memory: '0',
      memoryLimit: '0',
    });
  });

  it('GET notebook: the CR plus processed_status and formatted_resources; 404 when unknown', async () => {
    const res = await get(`/api/namespaces/${ns}/notebooks/beta`);
    expect(res.statusCode).toBe(200);
    const nb = res.json().notebook;
    expect(nb.apiVersion).toBe('kubeflow.org/v1');
    expect(nb.kind).toBe('Notebook');
    expect(nb.metadata.managedFields).toBeUndefined();
    expect(nb.spec.template.spec.containers[0].name).toBe('beta');
    expect(nb.processed_status).toEqual({ phase: 'ready', key: 'running', message: 'Running', state: '' });
    expect(nb.formatted_resources).toEqual({ cpu: '0.5', cpuLimit: '1', memory: '1', memoryLimit: '1.5' });
    const missing = await get(`/api/namespaces/${ns}/notebooks/nope`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, status: 404, log: "Notebook 'nope' not found." });
  });

  it('authorizes each read: bob may view, mallory may not', async () => {
    expect((await get(`/api/namespaces/${ns}/notebooks`, 'bob@example.com')).statusCode).toBe(200);
    const denied = await get(`/api/namespaces/${ns}/notebooks/beta`, 'mallory@example.com');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().log).toBe(
      `User 'mallory@example.com' is not authorized to get kubeflow.org/v1/notebooks in namespace '${ns}'`,
    );
    const logs = await get(`/api/namespaces/${ns}/notebooks/beta/pod/beta-0/logs`, 'mallory@example.com');
    expect(logs.json().log).toBe(
      `User 'mallory@example.com' is not authorized to get v1/pods/log in namespace '${ns}'`,
    );
  });

  it('pod: prefers <nb>-0, 404 when none; logs: label check, container not started', async () => {
    expect((await get(`/api/namespaces/${ns}/notebooks/beta/pod`)).json()).toMatchObject({
      status: 404,
      log: 'No pod detected.',
      success: false,
    });
    await createPod(admin, ns, 'beta-x', { 'notebook-name': 'beta' }, 'beta');
    await createPod(admin, ns, 'beta-0', { 'notebook-name': 'beta', statefulset: 'beta' }, 'beta');
    await createPod(admin, ns, 'stranger', { app: 'other' }, 'beta');
    const pod = await get(`/api/namespaces/${ns}/notebooks/beta/pod`);
    expect(pod.statusCode).toBe(200);
    expect(pod.json().pod.metadata.name).toBe('beta-0');
    expect(pod.json().pod.metadata.managedFields).toBeUndefined();

    const unlabeled = await get(`/api/namespaces/${ns}/notebooks/beta/pod/stranger/logs`);
    expect(unlabeled.statusCode).toBe(404);
    expect(unlabeled.json().log).toBe('No pod detected.');
    const gone = await get(`/api/namespaces/${ns}/notebooks/beta/pod/beta-9/logs`);
    expect(gone.statusCode).toBe(404);
    // No kubelet here: for a pod no node has taken the API server answers an empty log, never content.
    const unscheduled = await get(`/api/namespaces/${ns}/notebooks/beta/pod/beta-0/logs?tailLines=10`);
    expect(unscheduled.statusCode).toBe(200);
    expect(unscheduled.json().logs).toEqual([]);
    // A Kubernetes 400 (here: a container the pod does not have) is passed on with its message.
    const refused = await get(`/api/namespaces/${ns}/notebooks/beta/pod/beta-0/logs?container=sidecar`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ success: false, status: 400 });
    expect(refused.json().log).toContain('container sidecar is not valid for pod beta-0');
    const badTail = await get(`/api/namespaces/${ns}/notebooks/beta/pod/beta-0/logs?tailLines=0`);
    expect(badTail.statusCode).toBe(400);
    expect(badTail.json().errors).toEqual([
      { field: 'tailLines', message: 'tailLines must be an integer from 1 to 100000.' },
    ]);
  });
});
