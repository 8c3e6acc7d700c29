import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedClusterReader } from '../../backend/src/k8s/cached-cluster-reader.ts';
import { Informer } from '../../backend/src/k8s/informer.ts';
import { connectToCluster } from '../../backend/src/k8s/kube-connection.ts';
import { NOTEBOOKS } from '../../backend/src/k8s/resources.ts';
import type { KubeCall } from '../../backend/src/k8s/rest-client.ts';
import type { Notebook, PersistentVolumeClaim } from '../../backend/src/k8s/types.ts';
import { clientAs, controlPlane, testNamespace, uniqueName } from '../support/cluster.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';

function notebook(name: string): Notebook {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, labels: { app: name } },
    spec: { template: { spec: { containers: [{ name, image: 'jupyter:1' }] } } },
  };
}

function pvc(name: string): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

/** Polls until `check` holds (watch events arrive asynchronously); bounded, never a timing assertion. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

describe('watch caches', () => {
  let t: TestApp;
  let reader: CachedClusterReader;
  let ns: string;

  beforeAll(async () => {
    t = await startTestApp({ cache: { tuning: { backoff: { initialMs: 50, maxMs: 500 } } } });
    reader = t.reader as CachedClusterReader;
    ns = await testNamespace('cache');
  });
  afterAll(async () => t.close());

  it('reflects creates, updates and deletes made by others', async () => {
    const admin = clientAs('admin');
    const name = uniqueName('nb');
    try {
      await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`, notebook(name));
      await eventually(async () => (await reader.getNotebook(ns, name)) !== undefined, 'notebook cached');
      const cached = (await reader.getNotebook(ns, name))!;
      expect(cached.kind).toBe('Notebook');
      expect(cached.metadata.managedFields).toBeUndefined();
      expect(Object.isFrozen(cached) && Object.isFrozen(cached.metadata)).toBe(true);

      await admin.must(
        'PATCH',
        `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks/${name}`,
        { metadata: { labels: { changed: 'yes' } } },
        'application/merge-patch+json',
      );
      await eventually(
        async () => (await reader.getNotebook(ns, name))?.metadata.labels?.changed === 'yes',
        'update cached',
      );
      expect((await reader.listNotebooks(ns)).map((n) => n.metadata.name)).toEqual([name]);

      await admin.must('DELETE', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks/${name}`);
      await eventually(async () => (await reader.getNotebook(ns, name)) === undefined, 'delete cached');
      expect(await reader.listNotebooks(ns)).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('indexes pods by notebook and claim, and events by involved object', async () => {
    const admin = clientAs('admin');
    try {
      const pod = (name: string, nb: string, claim: string) =>
        admin.must('POST', `/api/v1/namespaces/${ns}/pods`, {
          metadata: { name, labels: { 'notebook-name': nb, tier: 'x' } },
          spec: {
            containers: [{ name: 'c', image: 'jupyter:1' }],
            volumes: [{ name: 'w', persistentVolumeClaim: { claimName: claim } }],
          },
        });
      await pod('alpha-0', 'alpha', 'alpha-ws');
      await pod('beta-0', 'beta', 'shared');
      const event = (name: string, kind: string, about: string) =>
        admin.must('POST', `/api/v1/namespaces/${ns}/events`, {
          metadata: { name },
          involvedObject: { kind, name: about, namespace: ns },
          reason: 'Test',
          message: `about ${about}`,
          type: 'Normal',
          firstTimestamp: '2026-01-01T00:00:00Z',
          lastTimestamp: '2026-01-01T00:00:00Z',
        });
      await event('e1', 'Notebook', 'alpha');
      await event('e2', 'Notebook', 'beta');
      await event('e3', 'PersistentVolumeClaim', 'alpha');
      await event('e4', 'Pod', 'alpha-0');
      await eventually(async () => (await reader.listPods(ns)).length === 2, 'pods cached');
      await eventually(async () => (await reader.listEvents(ns)).length === 3, 'events cached');

      const names = (items: readonly { metadata: { name?: string } }[]) => items.map((i) => i.metadata.name);
      expect(names(await reader.listPods(ns, 'notebook-name=alpha'))).toEqual(['alpha-0']);
      expect(names(await reader.listPods(ns, 'notebook-name=beta,tier=x'))).toEqual(['beta-0']);
      expect(names(await reader.listPods(ns, 'tier in (x),notebook-name!=alpha'))).toEqual(['beta-0']);
      expect(names(await reader.podsUsingClaim(ns, 'shared'))).toEqual(['beta-0']);
      expect(names(await reader.listEvents(ns, { kind: 'Notebook', name: 'alpha' }))).toEqual(['e1']);
      expect(names(await reader.listEvents(ns, { kind: 'PersistentVolumeClaim', name: 'alpha' }))).toEqual(['e3']);
      // Events about other kinds are not cached: the reader asks the API server.
      expect(names(await reader.listEvents(ns, { kind: 'Pod', name: 'alpha-0' }))).toEqual(['e4']);
    } finally {
      await admin.close();
    }
  });

  it('answers reads without any Kubernetes call once synced', async () => {
    const calls: KubeCall[] = [];
    t.apis.rest.addObserver((call) => {
      if (call.verb !== 'watch') calls.push(call);
    });
    const url = `/api/namespaces/${ns}/poddefaults`;
    expect((await requestAs(t.app, 'alice@example.com', { url })).statusCode).toBe(200); // the SAR is cached here
    calls.length = 0;
    for (let i = 0; i < 5; i++) expect((await requestAs(t.app, 'alice@example.com', { url })).statusCode).toBe(200);
    await reader.listNotebooks(ns);
    await reader.getNotebook(ns, 'missing');
    await reader.listPods(ns, 'notebook-name=alpha');
    await reader.listEvents(ns, { kind: 'Notebook', name: 'alpha' });
    await reader.listPvcs(ns);
    await reader.getPvc(ns, 'missing');
    await reader.listPvcViewers(ns);
    await reader.listStorageClasses();
    await reader.listNamespaces();
    await reader.getNamespace(ns);
    await reader.listNodes();
    expect(calls).toEqual([]);
  });

  it('shows our own writes on the very next read (read-your-writes)', async () => {
    const name = uniqueName('ryw');
    await t.apis.notebooks.create(ns, notebook(name));
    expect((await reader.getNotebook(ns, name))?.metadata.name).toBe(name);
    expect((await reader.listNotebooks(ns)).map((n) => n.metadata.name)).toContain(name);

    await t.apis.notebooks.mergePatch(ns, name, { metadata: { annotations: { 'kubeflow-resource-stopped': 'now' } } });
    expect((await reader.getNotebook(ns, name))?.metadata.annotations?.['kubeflow-resource-stopped']).toBe('now');

    await t.apis.notebooks.delete(ns, name);
    expect(await reader.getNotebook(ns, name)).toBeUndefined();

    // A PVC is held by its protection finalizer: the delete shows it terminating.
    const claim = uniqueName('vol');
    await t.apis.pvcs.create(ns, pvc(claim));
    expect((await reader.listPvcs(ns)).map((p) => p.metadata.name)).toContain(claim);
    await t.apis.pvcs.delete(ns, claim, { propagationPolicy: 'Foreground' });
    const after = await reader.getPvc(ns, claim);
    expect(after === undefined || after.metadata.deletionTimestamp !== undefined).toBe(true);

    // A dry run changes nothing.
    await t.apis.notebooks.create(ns, notebook('dry-one'), { dryRun: true });
    expect(await reader.getNotebook(ns, 'dry-one')).toBeUndefined();

    // The watch later delivers the same changes; the cache stays consistent with them.
    await eventually(async () => (await reader.getNotebook(ns, name)) === undefined, 'stays deleted', 20);
  });

  it('relists after 410 Gone and keeps up afterwards', async () => {
    const informer = reader.notebooks;
    const listsBefore = informer.lists;
    t.metrics.informerRestarts.reset();
    // Version 1 is older than the API server's watch window for notebooks: it answers 410 Gone.
    informer.rewatchFrom('1');
    await eventually(() => informer.lists > listsBefore, 'relisted');
    expect(informer.isSynced).toBe(true);
    const metric = await t.metrics.informerRestarts.get();
    expect(metric.values.filter((v) => v.labels.resource === 'notebooks').map((v) => v.value)).toEqual([1]);

    const admin = clientAs('admin');
    const name = uniqueName('after-gone');
    try {
      await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`, notebook(name));
      await eventually(async () => (await reader.getNotebook(ns, name)) !== undefined, 'notebook after 410');
    } finally {
      await admin.close();
    }
  });

  it('answers 304 to an unchanged poll and a new ETag after a change', async () => {
    const url = `/api/namespaces/${ns}/poddefaults`;
    const first = await requestAs(t.app, 'alice@example.com', { url });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await requestAs(t.app, 'alice@example.com', { url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another user gets their own answer (the envelope names the user).
    const bob = await requestAs(t.app, 'bob@example.com', { url, headers: { 'if-none-match': etag } });
    expect(bob.statusCode).toBe(200);

    const admin = clientAs('admin');
    try {
      await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: 'new-one' },
        spec: { desc: 'new', selector: { matchLabels: { 'new-one': 'true' } } },
      });
    } finally {
      await admin.close();
    }
    await eventually(async () => (await reader.listPodDefaults(ns)).length === 1, 'poddefault cached');
    const changed = await requestAs(t.app, 'alice@example.com', { url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().poddefaults.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['new-one']);
  });
});

describe('readiness and unsynced caches', () => {
  it('is not ready and answers 503 until the caches have synced', async () => {
    const t = await startTestApp({ cache: { start: false } });
    try {
      const ns = await testNamespace('unsynced');
      const before = await requestAs(t.app, null, { url: '/healthz/readiness' });
      expect(before.statusCode).toBe(503);
      expect(before.json()).toMatch(/^not ready: cache notebooks not synced/);
      const list = await requestAs(t.app, 'alice@example.com', { url: `/api/namespaces/${ns}/poddefaults` });
      expect(list.statusCode).toBe(503);
      expect(list.json().log).toMatch(/not synced/);

      const reader = t.reader as CachedClusterReader;
      reader.start();
      await reader.whenSynced();
      expect((await requestAs(t.app, null, { url: '/healthz/readiness' })).json()).toBe('ready');
      expect(
        (await requestAs(t.app, 'alice@example.com', { url: `/api/namespaces/${ns}/poddefaults` })).statusCode,
      ).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('informer restarts', () => {
  it('retries a failing watch with backoff, syncs once allowed and reports a lasting failure', async () => {
    const info = controlPlane();
    const admin = clientAs('admin');
    const { apis } = await connectToCluster(info.users.mallory.kubeconfig, { timeoutMs: 5000 });
    const restarts: string[] = [];
    const informer = new Informer<Notebook>(apis.rest, {
      name: 'notebooks',
      type: NOTEBOOKS,
      tuning: { backoff: { initialMs: 20, maxMs: 200 } },
      onRestart: (_name, error) => restarts.push(error.kind),
    });
    const role = uniqueName('cache-reader');
    try {
      informer.start();
      // mallory may not list notebooks: every attempt fails and is retried.
      await eventually(() => restarts.length >= 3, 'retried');
      expect(new Set(restarts)).toEqual(new Set(['forbidden']));
      expect(informer.state()).toMatchObject({ synced: false });
      expect(informer.state().failingSince).toBeTypeOf('number');

      await admin.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        metadata: { name: role },
        rules: [{ apiGroups: ['kubeflow.org'], resources: ['notebooks'], verbs: ['list', 'watch'] }],
      });
      await admin.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        metadata: { name: role },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: info.users.mallory.user }],
      });
      await informer.whenSynced();
      expect(informer.state().failingSince).toBeUndefined();

      // Revoked while watching: the next watch is refused, and the failure shows until access returns.
      await admin.must('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${role}`);
      const failuresBefore = restarts.length;
      await eventually(async () => {
        informer.rewatchFrom(informer.version!);
        await sleep(100);
        return restarts.length > failuresBefore;
      }, 'watch refused after revocation');
      expect(informer.state().synced).toBe(true);
      expect(informer.state().lastError).toMatch(/forbidden/);
    } finally {
      await informer.stop();
      await admin.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${role}`);
      await admin.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`);
      await admin.close();
      await apis.rest.close();
    }
  });

  it('treats a forbidden list of an optional resource as an empty synced cache (nodes)', async () => {
    const t = await startTestApp({ cache: true });
    try {
      const reader = t.reader as CachedClusterReader;
      // The deployment's ClusterRole grants list but not watch on nodes: the cache polls.
      expect(await reader.listNodes()).toBeInstanceOf(Array);
      await eventually(() => reader.degraded().join().includes('nodes: watch forbidden, polling'), 'polling nodes');
      expect(reader.notReadyReason()).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('routes served from the caches', () => {
  let t: TestApp;
  let ns: string;
  const ALICE = 'alice@example.com';

  beforeAll(async () => {
    t = await startTestApp({ cache: true });
    ns = await testNamespace('cached-routes');
  });
  afterAll(async () => t.close());

  it('show a PVC created and deleted through the app on the very next list', async () => {
    const created = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/pvcs`,
      payload: { name: 'ryw-vol', namespace: ns, type: 'empty', size: '1Gi', class: '{none}', mode: 'ReadWriteOnce' },
    });
    expect(created.statusCode).toBe(200);
    const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
    expect(list.json().pvcs.map((p: { name: string }) => p.name)).toEqual(['ryw-vol']);

    expect(
      (await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/ryw-vol` })).statusCode,
    ).toBe(200);
    const after = (await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` })).json().pvcs as {
      name: string;
      status: { phase: string };
    }[];
    // Held by its protection finalizer (no controller removes it here): shown as terminating at once.
    expect(after.map((p) => [p.name, p.status.phase])).toEqual([['ryw-vol', 'terminating']]);
  });

  it('show a stopped and a deleted notebook at once, and 304 an unchanged poll in between', async () => {
    await t.apis.notebooks.create(ns, notebook('ryw-nb'));
    const url = `/api/namespaces/${ns}/notebooks`;
    const first = await requestAs(t.app, ALICE, { url });
    expect(first.json().notebooks.map((n: { name: string }) => n.name)).toEqual(['ryw-nb']);
    const etag = first.headers.etag as string;
    expect((await requestAs(t.app, ALICE, { url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    const stop = await requestAs(t.app, ALICE, {
      method: 'PATCH',
      url: `${url}/ryw-nb`,
      payload: { stopped: true },
    });
    expect(stop.statusCode).toBe(200);
    const changed = await requestAs(t.app, ALICE, { url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    const one = await requestAs(t.app, ALICE, { url: `${url}/ryw-nb` });
    expect(one.json().notebook.metadata.annotations).toHaveProperty(['kubeflow-resource-stopped']);

    expect((await requestAs(t.app, ALICE, { method: 'DELETE', url: `${url}/ryw-nb` })).statusCode).toBe(200);
    // Foreground deletion keeps the object until the garbage collector is done: marked, or already gone.
    const deleted = await requestAs(t.app, ALICE, { url: `${url}/ryw-nb` });
    if (deleted.statusCode === 200) expect(deleted.json().notebook.metadata.deletionTimestamp).toBeTypeOf('string');
    else expect(deleted.statusCode).toBe(404);
  });
});
