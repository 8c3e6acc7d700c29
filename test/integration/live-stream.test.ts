import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedClusterReader } from '../../backend/src/k8s/cached-cluster-reader.ts';
import { clientAs, testNamespace, uniqueName, waitForAccess } from '../support/cluster.ts';
import { requestAs, startTestApp, type TestApp, type TestAppOptions } from '../support/app.ts';
import { SseTestClient, type ReceivedEvent } from '../support/sse-client.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';
import { createEvent, nbPath, notebookObject, setNotebookStatus } from './notebooks-fixtures.ts';

const ALICE = 'alice@example.com';
const MERGE = 'application/merge-patch+json';
const admin = clientAs('admin');

interface LiveApp {
  t: TestApp;
  base: string;
}

/** The real app on a real port (streams need a socket), serving from the watch caches. */
async function liveApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<LiveApp> {
  const t = await startTestApp({ cache: true, env, ...options });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { t, base: `http://127.0.0.1:${address.port}` };
}

async function listItems(t: TestApp, ns: string, list: 'notebooks' | 'pvcs' | 'poddefaults', user = ALICE) {
  const res = await requestAs(t.app, user, { url: `/api/namespaces/${ns}/${list}` });
  expect(res.statusCode).toBe(200);
  return res.json()[list] as any[];
}

const pvcPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/persistentvolumeclaims${name ? `/${name}` : ''}`;

function pvcObject(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

const changedIn = (kind: string, name: string) => (e: ReceivedEvent) =>
  e.event === kind && e.data.changed.some((item: any) => (item.name ?? item.metadata?.name) === name);
const removedIn = (kind: string, name: string) => (e: ReceivedEvent) =>
  e.event === kind && e.data.removed.includes(name);

async function closedTotal(t: TestApp, reason: string): Promise<number> {
  const metric = await t.metrics.liveStreamsClosed.get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

afterAll(async () => admin.close());

describe('live stream: changes reach the stream in the list routes’ shape', () => {
  let app: LiveApp;
  let ns: string;
  let stream: SseTestClient;
  const nb = uniqueName('nb');

  beforeAll(async () => {
    app = await liveApp({ STREAM_HEARTBEAT_SECONDS: '0.2' });
    ns = await testNamespace('live');
    await admin.must('POST', nbPath(ns), notebookObject(ns, nb));
    await setNotebookStatus(admin, ns, nb, {
      readyReplicas: 0,
      containerState: { waiting: { reason: 'ImagePullBackOff', message: 'pulling' } },
    });
    const reader = app.t.reader as CachedClusterReader;
    for (let i = 0; i < 200 && !(await reader.getNotebook(ns, nb))?.status; i++)
      await new Promise((r) => setTimeout(r, 25));
    stream = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream`);
  });
  afterAll(async () => {
    await stream?.close();
    await app?.t.close();
  });

  it('answers with an unbuffered, uncached event stream whose first event is a snapshot equal to the lists', async () => {
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toMatch(/no-cache/);
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(stream.headers.get('content-security-policy')).toBeTruthy();
    const snapshot = await stream.next((e) => e.event === 'snapshot', 'snapshot');
    expect(stream.events[0]).toBe(snapshot);
    expect(snapshot.id).toMatch(/^[0-9a-f]{8}\.\d+$/);
    expect(snapshot.data.notebooks).toEqual(await listItems(app.t, ns, 'notebooks'));
    expect(snapshot.data.pvcs).toEqual(await listItems(app.t, ns, 'pvcs'));
    expect(snapshot.data.poddefaults).toEqual(await listItems(app.t, ns, 'poddefaults'));
    expect(snapshot.data.notebooks.map((n: any) => n.status.phase)).toEqual(['warning']);
  });

  it('sends a status change written by the controller as the changed list item', async () => {
    const from = stream.events.length;
    await setNotebookStatus(admin, ns, nb, {
      readyReplicas: 1,
      containerState: { running: { startedAt: '2026-11-30T00:00:00Z' } },
    });
    const event = await stream.next(changedIn('notebooks', nb), 'notebook status change', from);
    const item = event.data.changed.find((i: any) => i.name === nb);
    expect(item.status).toEqual({ phase: 'ready', message: 'Running', state: '', key: 'running' });
    expect(event.data.changed).toEqual((await listItems(app.t, ns, 'notebooks')).filter((i) => i.name === nb));
    expect(event.id).toMatch(new RegExp(`^${stream.events[0]!.id!.split('.')[0]}\\.\\d+$`));
  });

  it('sends the status from a warning event once the new notebook’s grace period is over', async () => {
    const other = uniqueName('warn');
    const from = stream.events.length;
    await admin.must('POST', nbPath(ns), notebookObject(ns, other));
    await setNotebookStatus(admin, ns, other, { readyReplicas: 0, conditions: [], containerState: {} });
    await createEvent(
      admin,
      ns,
      `${other}.1`,
      { kind: 'Notebook', name: other },
      {
        type: 'Warning',
        reason: 'FailedCreate',
        message: 'quota exceeded',
        lastTimestamp: new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    );
    const event = await stream.next(
      (e) =>
        e.event === 'notebooks' && e.data.changed.some((i: any) => i.name === other && i.status.key === 'errorEvent'),
      'status from a warning event',
      from,
    );
    expect(event.data.changed.find((i: any) => i.name === other).status.message).toBe('quota exceeded');
  });

  it('sends created and deleted notebooks and PVCs, and the PVC row of a mounted claim', async () => {
    const claim = uniqueName('pvc');
    let from = stream.events.length;
    await admin.must('POST', pvcPath(ns), pvcObject(claim));
    const created = await stream.next(changedIn('pvcs', claim), 'PVC added', from);
    expect(created.data.changed).toEqual((await listItems(app.t, ns, 'pvcs')).filter((i) => i.name === claim));

    const user = uniqueName('user');
    from = stream.events.length;
    const mounted = notebookObject(ns, user);
    mounted.spec.template.spec.volumes.push({ name: 'ws', persistentVolumeClaim: { claimName: claim } } as never);
    await admin.must('POST', nbPath(ns), mounted);
    await stream.next(changedIn('notebooks', user), 'notebook added', from);
    const row = await stream.next(
      (e) => e.event === 'pvcs' && e.data.changed.some((i: any) => i.name === claim && i.notebooks.includes(user)),
      'PVC row naming its notebook',
      from,
    );
    expect(row.data.changed.find((i: any) => i.name === claim).notebooks).toEqual([user]);

    from = stream.events.length;
    await admin.must('DELETE', nbPath(ns, user));
    await stream.next(removedIn('notebooks', user), 'notebook removed', from);
    await admin.must('DELETE', pvcPath(ns, claim));
    // The claim keeps its pvc-protection finalizer (no controller lifts it here): a Terminating row.
    const terminating = await stream.next(
      (e) =>
        e.event === 'pvcs' && e.data.changed.some((i: any) => i.name === claim && i.status.phase === 'terminating'),
      'PVC terminating',
      from,
    );
    expect(terminating.data.changed).toEqual((await listItems(app.t, ns, 'pvcs')).filter((i) => i.name === claim));
    await admin.must('PATCH', pvcPath(ns, claim), { metadata: { finalizers: null } }, MERGE);
    await stream.next(removedIn('pvcs', claim), 'PVC removed', from);
    expect((await listItems(app.t, ns, 'pvcs')).map((i) => i.name)).not.toContain(claim);
  });

  it('sends PodDefaults as the form lists them', async () => {
    const from = stream.events.length;
    await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'add-gcp' },
      spec: { desc: 'GCP credentials', selector: { matchLabels: { 'add-gcp': 'true' } } },
    });
    const event = await stream.next(changedIn('poddefaults', 'add-gcp'), 'PodDefault added', from);
    expect(event.data.changed).toEqual(await listItems(app.t, ns, 'poddefaults'));
  });

  it('is documented in the OpenAPI document with every event and its 429', async () => {
    const doc = (await requestAs(app.t.app, null, { url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/namespaces/{ns}/stream'].get;
    const events = op.responses['200'].content['text/event-stream'].schema.oneOf.map(
      (e: any) => e.properties.event.enum[0],
    );
    expect(events).toEqual(['snapshot', 'notebooks', 'pvcs', 'poddefaults', 'events', 'closing']);
    const notebooks = op.responses['200'].content['text/event-stream'].schema.oneOf[1].properties.data;
    expect(Object.keys(notebooks.properties.changed.items.properties)).toEqual(
      expect.arrayContaining(['name', 'status', 'metadata']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429']));
    expect(op.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual([
      'path:ns',
      'query:kinds',
      'query:notebook',
      'query:pvc',
      'query:lastEventId',
      'header:X-Min-Resource-Version',
    ]);
  });

  it('keeps the stream alive with heartbeat comments', async () => {
    const before = stream.comments;
    for (let i = 0; i < 200 && stream.comments === before; i++) await new Promise((r) => setTimeout(r, 25));
    expect(stream.comments).toBeGreaterThan(before);
  });
});

describe('live stream: details, resume, authorization, limits, slow readers and shutdown', () => {
  let app: LiveApp;
  let ns: string;

  beforeAll(async () => {
    app = await liveApp({ STREAM_MAX_PER_USER: '3', STREAM_MAX_BUFFER_KIB: '16', SAR_CACHE_TTL_SECONDS: '1' });
    ns = await testNamespace('live2', {
      editors: [ALICE],
      viewers: ['bob@example.com', 'dave@example.com'],
    });
  });
  afterAll(async () => app?.t.close());

  it('sends the events of the notebook whose details are open, as its events route does', async () => {
    const nb = uniqueName('detail');
    await admin.must('POST', nbPath(ns), notebookObject(ns, nb));
    const stream = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=notebooks&notebook=${nb}`);
    try {
      const snapshot = await stream.next((e) => e.event === 'snapshot', 'snapshot');
      expect(Object.keys(snapshot.data).sort()).toEqual(['events', 'notebooks']);
      expect(snapshot.data.events).toEqual([]);
      await createEvent(
        admin,
        ns,
        `${nb}.pulled`,
        { kind: 'Notebook', name: nb },
        {
          type: 'Normal',
          reason: 'Pulled',
          message: 'image pulled',
          lastTimestamp: new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      );
      const event = await stream.next((e) => e.event === 'events' && e.data.changed.length > 0, 'object event');
      const route = await requestAs(app.t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks/${nb}/events` });
      expect(event.data.changed).toEqual(route.json().events);
      expect(event.id).toBeUndefined();
    } finally {
      await stream.close();
    }
  });

  it('resumes from Last-Event-ID with only what changed, and sends a snapshot for an unknown id', async () => {
    const [a, b] = [uniqueName('ra'), uniqueName('rb')];
    await admin.must('POST', nbPath(ns), notebookObject(ns, a));
    await admin.must('POST', nbPath(ns), notebookObject(ns, b));
    const first = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=notebooks`);
    await first.next(
      (e) =>
        (e.event === 'snapshot' && e.data.notebooks.some((n: any) => n.name === b)) || changedIn('notebooks', b)(e),
      'both notebooks',
    );
    const lastId = [...first.events].reverse().find((e) => e.id)!.id!;
    await first.close();

    await admin.must('PATCH', nbPath(ns, a), { metadata: { labels: { changed: 'yes' } } }, MERGE);
    await admin.must('DELETE', nbPath(ns, b));
    // Wait until the feed (which outlives its streams for resuming clients) has the change.
    const probe = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=notebooks`, {
      lastEventId: lastId,
    });
    await probe.next(removedIn('notebooks', b), 'removal seen by the feed');
    await probe.close();

    const resumed = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=notebooks`, {
      lastEventId: lastId,
    });
    try {
      const event = await resumed.next((e) => e.event === 'notebooks', 'resumed changes');
      expect(resumed.events[0]).toBe(event);
      expect(resumed.events.some((e) => e.event === 'snapshot')).toBe(false);
      expect(event.data.changed.map((i: any) => i.name)).toEqual([a]);
      expect(event.data.changed[0].labels.changed).toBe('yes');
      expect(event.data.removed).toEqual([b]);
      expect(event.id).toMatch(/^[0-9a-f]{8}\.\d+$/);
    } finally {
      await resumed.close();
    }

    const stranger = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=notebooks`, {
      lastEventId: '0badc0de.3',
    });
    try {
      const event = await stranger.next(() => true, 'first event');
      expect(event.event).toBe('snapshot');
    } finally {
      await stranger.close();
    }
  });

  it('refuses without a user (401), without list permission (403) and with a bad query (400)', async () => {
    const nobody = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream`, { user: null });
    expect(nobody.status).toBe(401);
    expect(nobody.error).toMatchObject({ success: false, status: 401, log: 'No user detected.' });
    const mallory = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream`, { user: 'mallory@example.com' });
    expect(mallory.status).toBe(403);
    expect(mallory.error.log).toMatch(/mallory@example.com.*list.*notebooks/);
    const bad = await SseTestClient.open(
      app.base,
      `/api/namespaces/${ns}/stream?kinds=pods,notebooks&notebook=Bad_Name&pvc=x`,
    );
    expect(bad.status).toBe(400);
    expect(bad.error.errors.map((e: any) => e.field).sort()).toEqual(['kinds', 'notebook', 'pvc']);
  });

  it('asks the list routes’ own permission of each list followed: PVCs alone need no notebook access', async () => {
    const erin = 'erin@example.com';
    const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}`;
    await admin.must('POST', `${rbac}/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pvc-reader' },
      rules: [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] }],
    });
    await admin.must('POST', `${rbac}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'erin-pvc-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pvc-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: erin }],
    });
    await waitForAccess(erin, [], { namespace: ns, verb: 'list', resource: 'persistentvolumeclaims' });

    const pvcs = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=pvcs`, { user: erin });
    try {
      expect(pvcs.status).toBe(200);
      const snapshot = await pvcs.next((e) => e.event === 'snapshot', 'snapshot');
      expect(Object.keys(snapshot.data)).toEqual(['pvcs']);
      expect(snapshot.data.pvcs).toEqual(await listItems(app.t, ns, 'pvcs', erin));
    } finally {
      await pvcs.close();
    }
    const notebooks = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=pvcs,notebooks`, {
      user: erin,
    });
    expect(notebooks.status).toBe(403);
    expect(notebooks.error.log).toMatch(/erin@example.com.*list.*notebooks/);
  });

  it('closes the stream with a reason when the RoleBinding is revoked (SAR cache TTL 1 s)', async () => {
    const dave = 'dave@example.com';
    const stream = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream`, { user: dave });
    try {
      expect(stream.status).toBe(200);
      await stream.next((e) => e.event === 'snapshot', 'snapshot');
      await admin.must(
        'DELETE',
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/user-dave-example-com-clusterrole-view`,
      );
      await waitForAccess(
        dave,
        [],
        { namespace: ns, verb: 'list', group: 'kubeflow.org', resource: 'notebooks' },
        false,
      );
      const closing = await stream.next((e) => e.event === 'closing', 'closing event');
      expect(closing.data).toEqual({
        reason: 'forbidden',
        message: expect.stringMatching(/dave@example.com.*not authorized to list/),
      });
      await stream.closedByServer();
    } finally {
      await stream.close();
    }
  });

  it('limits streams per user (429) and frees the slot when a stream ends', async () => {
    const open = [];
    try {
      for (let i = 0; i < 3; i++) {
        const s = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`, {
          user: 'bob@example.com',
        });
        expect(s.status).toBe(200);
        await s.next((e) => e.event === 'snapshot', 'snapshot');
        open.push(s);
      }
      const refused = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`, {
        user: 'bob@example.com',
      });
      expect(refused.status).toBe(429);
      expect(refused.error.log).toMatch(/at most 3/);
      const other = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`);
      expect(other.status).toBe(200);
      await other.close();
      await open.pop()!.close();
      let again: SseTestClient | undefined;
      for (let i = 0; i < 100 && again?.status !== 200; i++) {
        again = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`, {
          user: 'bob@example.com',
        });
        if (again.status !== 200) await new Promise((r) => setTimeout(r, 25));
      }
      expect(again!.status).toBe(200);
      open.push(again!);
    } finally {
      for (const s of open) await s.close();
    }
  });

  it('limits the streams of the whole server (429), whoever asks', async () => {
    const small = await liveApp({ STREAM_MAX_TOTAL: '1' });
    const first = await SseTestClient.open(small.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`);
    try {
      expect(first.status).toBe(200);
      const second = await SseTestClient.open(small.base, `/api/namespaces/${ns}/stream?kinds=poddefaults`, {
        user: 'bob@example.com',
      });
      expect(second.status).toBe(429);
      expect(second.error.log).toMatch(/on this server \(at most 1\)/);
    } finally {
      await first.close();
      await small.t.close();
    }
  });

  it('drops a client that does not read instead of buffering for it', async () => {
    const { connect } = await import('node:net');
    const url = new URL(app.base);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(
      `GET /api/namespaces/${ns}/stream?kinds=notebooks HTTP/1.1\r\nhost: x\r\nkubeflow-userid: ${ALICE}\r\naccept: text/event-stream\r\n\r\n`,
    );
    // Read the response head, then stop reading: the kernel buffers fill, then the server's.
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    const before = await closedTotal(app.t, 'slow');
    const nb = uniqueName('big');
    await admin.must('POST', nbPath(ns), notebookObject(ns, nb));
    const filler = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 60 && (await closedTotal(app.t, 'slow')) === before; i++) {
      await admin.must('PATCH', nbPath(ns, nb), { metadata: { annotations: { filler: `${i}${filler}` } } }, MERGE);
    }
    for (let i = 0; i < 200 && (await closedTotal(app.t, 'slow')) === before; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await closedTotal(app.t, 'slow')).toBe(before + 1);
    socket.destroy();
    await admin.must('DELETE', nbPath(ns, nb));
  });

  it('ends every stream with a reconnect hint when the server shuts down', async () => {
    const own = await liveApp();
    const stream = await SseTestClient.open(own.base, `/api/namespaces/${ns}/stream?kinds=notebooks`);
    await stream.next((e) => e.event === 'snapshot', 'snapshot');
    await own.t.close();
    await stream.closedByServer();
    const closing = stream.events.at(-1)!;
    expect(closing.event).toBe('closing');
    expect(closing.data.reason).toBe('shutdown');
    expect(stream.retryMs).toBeGreaterThan(0);
  });
});

describe('live stream: PVC usage from Prometheus', () => {
  let app: LiveApp;
  let ns: string;
  let prometheus: StubServer;
  let usedBytes = '536870912';

  beforeAll(async () => {
    ns = await testNamespace('liveusage');
    await admin.must('POST', pvcPath(ns), pvcObject('data'));
    prometheus = await startStubServer((_req, res) => {
      const sample = (name: string, value: string) => ({
        metric: { __name__: name, namespace: ns, persistentvolumeclaim: 'data' },
        value: [1714521600.123, value],
      });
      const result = [
        sample('kubelet_volume_stats_used_bytes', usedBytes),
        sample('kubelet_volume_stats_capacity_bytes', '1073741824'),
      ];
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
    app = await liveApp({ PROMETHEUS_URL: prometheus.url, STREAM_USAGE_REFRESH_SECONDS: '0.5' });
  });
  afterAll(async () => {
    await app?.t.close();
    await prometheus?.close();
  });

  it('carries the list route’s usage, and a change in Prometheus alone reaches the stream', async () => {
    const stream = await SseTestClient.open(app.base, `/api/namespaces/${ns}/stream?kinds=pvcs`);
    try {
      const snapshot = await stream.next((e) => e.event === 'snapshot', 'snapshot');
      expect(snapshot.data.pvcs.map((p: any) => [p.name, p.usage])).toEqual([['data', '50']]);
      expect(snapshot.data.pvcs).toEqual(await listItems(app.t, ns, 'pvcs'));
      const from = stream.events.length;
      usedBytes = '805306368';
      const event = await stream.next(changedIn('pvcs', 'data'), 'usage change', from);
      expect(event.data.changed.map((p: any) => [p.name, p.usage, p.usedBytes])).toEqual([['data', '75', usedBytes]]);
      // The list route remembers its answer for up to 2 s when no object changed (response memo).
      await expect.poll(() => listItems(app.t, ns, 'pvcs'), { timeout: 10_000 }).toEqual(event.data.changed);
    } finally {
      await stream.close();
    }
  });
});
