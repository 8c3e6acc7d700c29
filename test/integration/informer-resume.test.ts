import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Informer } from '../../backend/src/k8s/informer.ts';
import { connectToCluster } from '../../backend/src/k8s/kube-connection.ts';
import { EVENTS, NAMESPACES } from '../../backend/src/k8s/resources.ts';
import type { KubeCall, KubeRestClient } from '../../backend/src/k8s/rest-client.ts';
import type { KubeEvent, Namespace } from '../../backend/src/k8s/types.ts';
import { isOlderVersion } from '../../backend/src/k8s/watch-cache.ts';
import { clientAs, controlPlane, testNamespace } from '../support/cluster.ts';

/** Polls until `check` holds; bounded, never a timing assertion. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

/** Compacts etcd's history up to `revision`, as the API server does every 5 minutes (to an older one). */
async function compactEtcd(revision: string): Promise<void> {
  const res = await request(`http://127.0.0.1:${controlPlane().etcdPort}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision, physical: true }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`etcd compaction answered ${res.statusCode}: ${text}`);
}

function event(namespace: string, name: string, about: string) {
  return {
    metadata: { name },
    involvedObject: { kind: 'Notebook', name: about, namespace },
    reason: 'Test',
    message: `about ${about}`,
    type: 'Normal',
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:00Z',
  };
}

describe('informers', () => {
  let rest: KubeRestClient;
  const informers: { stop(): Promise<void> }[] = [];
  const calls: KubeCall[] = [];

  beforeAll(async () => {
    const connection = await connectToCluster(controlPlane().users.backend.kubeconfig, {
      timeoutMs: 10_000,
      observers: [(call) => calls.push(call)],
    });
    rest = connection.apis.rest;
  });
  afterAll(async () => {
    await Promise.all(informers.map((i) => i.stop()));
    await rest.close();
  });

  it('resume a bookmark-less watch (events) from a probed version: no relist after etcd compacts the last event away', async () => {
    const ns = await testNamespace('resume');
    const admin = clientAs('admin');
    try {
      await admin.must('POST', `/api/v1/namespaces/${ns}/events`, event(ns, 'first', 'nb-a'));
      const relists: string[] = [];
      const make = (name: string, versionProbeLeadSeconds: number) => {
        const informer = new Informer<KubeEvent>(rest, {
          name,
          type: EVENTS,
          fieldSelector: `metadata.namespace=${ns}`,
          // Short watches, so that several end (and are resumed) within the test.
          tuning: { watchTimeoutSeconds: 2, versionProbeLeadSeconds, backoff: { initialMs: 50, maxMs: 200 } },
          onRelist: (n) => relists.push(n),
        });
        informers.push(informer);
        informer.start();
        return informer;
      };
      const probing = make('with-probe', 30);
      const plain = make('without-probe', 0);
      await Promise.all([probing.whenSynced(), plain.whenSynced()]);
      expect(probing.cache.list(ns).map((e) => e.metadata.name)).toEqual(['first']);

      // Other writes move etcd's revision on; nothing the event watches see.
      let revision = '';
      for (let i = 0; i < 5; i++) {
        const cm = await admin.must('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `cm-${i}` } });
        revision = cm.metadata.resourceVersion;
      }
      // The probing informer moves its resume version past those writes at the end of a watch...
      await eventually(() => !isOlderVersion(probing.version, revision), 'the probed version passes the writes');
      // ...so compacting up to them (the API server compacts to a 5-minute-old revision) leaves it a
      // valid place to resume from, while the last event's version is gone.
      await compactEtcd(revision);
      const probesAfterCompaction = probing.versionProbes;
      await eventually(() => plain.lists >= 2, 'the informer without a probe relists (410 Gone)');
      await eventually(() => probing.versionProbes >= probesAfterCompaction + 2, 'two more probed resumes');
      expect(probing.lists).toBe(1);
      expect(relists.filter((n) => n === 'with-probe')).toEqual([]);
      expect(relists).toContain('without-probe');

      // Resuming from a probed version loses nothing: a new event arrives.
      await admin.must('POST', `/api/v1/namespaces/${ns}/events`, event(ns, 'second', 'nb-b'));
      await eventually(() => probing.cache.list(ns).length === 2, 'the new event reaches the probing cache');
      expect(probing.cache.list(ns).map((e) => e.metadata.name)).toEqual(['first', 'second']);
    } finally {
      await admin.close();
    }
  });

  it('fill the cache from a watch that starts with every object (no list call), then follow it', async () => {
    const ns = await testNamespace('watch-list');
    const admin = clientAs('admin');
    try {
      for (let i = 0; i < 7; i++)
        await admin.must('POST', `/api/v1/namespaces/${ns}/events`, event(ns, `e-${i}`, 'nb'));
      const lists = () => calls.filter((c) => c.verb === 'list' && c.resource === 'events').length;
      const listsBefore = lists();
      const relists: string[] = [];
      const informer = new Informer<KubeEvent>(rest, {
        name: 'events-watch-list',
        type: EVENTS,
        fieldSelector: `metadata.namespace=${ns}`,
        onRelist: (n) => relists.push(n),
      });
      informers.push(informer);
      informer.start();
      await informer.whenSynced();
      expect(informer.cache.list(ns).map((e) => e.metadata.name)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `e-${i}`));
      expect(informer.lists).toBe(1);
      expect(lists()).toBe(listsBefore);
      expect(informer.version).toMatch(/^\d+$/);

      // The same watch goes on after its initial events.
      await admin.must('POST', `/api/v1/namespaces/${ns}/events`, event(ns, 'e-7', 'nb'));
      await admin.must('DELETE', `/api/v1/namespaces/${ns}/events/e-0`);
      await eventually(
        () => informer.cache.list(ns).length === 7 && !informer.cache.list(ns).some((e) => e.metadata.name === 'e-0'),
        'the new event arrives and the deleted one goes',
      );

      // A compacted version (410 Gone) fills the cache again the same way, counted as a relist.
      const version = informer.version!;
      await admin.must('POST', `/api/v1/namespaces/${ns}/events`, event(ns, 'e-8', 'nb'));
      const cm = await admin.must('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'move-on' } });
      await compactEtcd(cm.metadata.resourceVersion);
      informer.rewatchFrom(version);
      await eventually(() => informer.lists === 2, 'filled again after 410 Gone');
      expect(relists).toEqual(['events-watch-list']);
      expect(informer.cache.list(ns).map((e) => e.metadata.name)).toContain('e-8');
      expect(lists()).toBe(listsBefore);
    } finally {
      await admin.close();
    }
  });

  it('list in pages, then poll, where it may list but not watch (the initial-events watch is refused)', async () => {
    const info = controlPlane();
    const admin = clientAs('admin');
    const role = `list-only-${Date.now()}`;
    const mallory = await connectToCluster(info.users.mallory.kubeconfig, {
      timeoutMs: 10_000,
      observers: [(call) => calls.push({ ...call, resource: `mallory:${call.resource}` })],
    });
    try {
      await admin.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        metadata: { name: role },
        rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }],
      });
      await admin.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        metadata: { name: role },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: info.users.mallory.user }],
      });
      const restarts: string[] = [];
      const informer = new Informer<Namespace>(mallory.apis.rest, {
        name: 'namespaces-list-only',
        type: NAMESPACES,
        forbiddenTolerated: true,
        onRestart: (_n, error) => restarts.push(error.kind),
      });
      informers.push(informer);
      informer.start();
      await informer.whenSynced();
      expect(informer.cache.list('').map((n) => n.metadata.name)).toContain('kube-system');
      const mine = calls.filter((c) => c.resource === 'mallory:namespaces');
      expect(mine.map((c) => `${c.verb} ${c.code}`).slice(0, 2)).toEqual(['watch 403', 'list 200']);
      await eventually(() => informer.state().degraded !== undefined, 'degraded to polling');
      expect(informer.state().degraded).toMatch(/watch forbidden, polling/);
      expect(restarts).toEqual([]);
    } finally {
      await admin.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${role}`);
      await admin.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`);
      await mallory.apis.rest.close();
      await admin.close();
    }
  });

  it('list page by page and keep every object (pages of 2 over many namespaces)', async () => {
    const informer = new Informer<Namespace>(rest, {
      name: 'namespaces-paged',
      type: NAMESPACES,
      tuning: { pageSize: 2, pageTimeoutMs: 10_000, watchList: false },
    });
    informers.push(informer);
    const admin = clientAs('admin');
    try {
      const all = await admin.must('GET', '/api/v1/namespaces');
      const names = (all.items as Namespace[]).map((n) => n.metadata.name).sort();
      expect(names.length).toBeGreaterThan(4);
      const listsBefore = calls.filter((c) => c.verb === 'list' && c.resource === 'namespaces').length;
      informer.start();
      await informer.whenSynced();
      const pages = calls.filter((c) => c.verb === 'list' && c.resource === 'namespaces').length - listsBefore;
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(names.length / 2));
      const cached = informer.cache.list('').map((n) => n.metadata.name);
      // Namespaces made since the admin's list (other tests) may be there too; none may be missing.
      for (const name of names) expect(cached).toContain(name);
    } finally {
      await admin.close();
    }
  });
});
