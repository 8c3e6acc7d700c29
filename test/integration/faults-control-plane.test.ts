import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../backend/src/http/error-handler.ts';
import { CACHE_AGE_HEADER } from '../../backend/src/http/cache-age.ts';
import type { CachedClusterReader } from '../../backend/src/k8s/cached-cluster-reader.ts';
import type { Informer } from '../../backend/src/k8s/informer.ts';
import type { KubeObject } from '../../backend/src/k8s/types.ts';
import { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { bootstrapCluster, createProfileNamespace } from '../../sandbox/src/bootstrap.ts';
import {
  type ControlPlaneInfo,
  type FaultTarget,
  pauseProcess,
  resumeProcess,
  startApiServer,
  startControlPlane,
  stopApiServer,
  stopControlPlane,
} from '../../sandbox/src/control-plane.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_BINDINGS } from '../support/cluster.ts';
import { nbPath, notebookObject } from './notebooks-fixtures.ts';

/**
 * Faults of the real control plane: the API server killed and restarted with the same flags, the
 * API server frozen (SIGSTOP), etcd frozen. This file starts a control plane of its own, so that
 * no other test file sees the faults. Each test records what users see (status codes, readiness,
 * the cache-age header) and checks freshness after recovery, the caches against a fresh list, and
 * that no write was lost, duplicated or left half done.
 *
 * The caches' own backoff is set far longer than any wait here (150–300 s before a retry): a change
 * made after recovery can only show up in time because the caches retry as soon as the API server
 * answers again, which is the behaviour under test, not a timing.
 */
const ALICE = 'alice@example.com';
const CACHE_BACKOFF = { initialMs: 300_000, maxMs: 600_000 };
/** Upper bound for an eventual state after recovery (generous: the machine is shared and slow). */
const SETTLE_MS = 15_000;

interface Sample {
  at: number;
  phase: string;
  readiness: number;
  list: number;
  cacheAge?: number;
}

async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  boundMs = SETTLE_MS,
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${boundMs} ms`);
    await sleep(100);
  }
}

/** Reads what users see every 250 ms until stopped: readiness and alice's notebook list. */
class Timeline {
  readonly samples: Sample[] = [];
  phase = 'before';
  private running = true;
  private readonly loop: Promise<void>;

  constructor(t: TestApp, ns: string) {
    this.loop = (async () => {
      while (this.running) {
        const [ready, list] = await Promise.all([
          requestAs(t.app, null, { url: '/healthz/readiness' }),
          requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` }),
        ]);
        const age = list.headers[CACHE_AGE_HEADER];
        this.samples.push({
          at: Date.now(),
          phase: this.phase,
          readiness: ready.statusCode,
          list: list.statusCode,
          cacheAge: age === undefined ? undefined : Number(age),
        });
        await sleep(250);
      }
    })();
  }

  async stop(): Promise<Sample[]> {
    this.running = false;
    await this.loop;
    return this.samples;
  }

  summary(): string {
    const byPhase = new Map<string, Sample[]>();
    for (const s of this.samples) byPhase.set(s.phase, [...(byPhase.get(s.phase) ?? []), s]);
    return [...byPhase]
      .map(([phase, list]) => {
        const codes = (pick: (s: Sample) => number) =>
          [...new Set(list.map(pick))].map((c) => `${c}×${list.filter((s) => pick(s) === c).length}`).join(' ');
        const ages = list.map((s) => s.cacheAge).filter((a) => a !== undefined);
        return `${phase}: readiness ${codes((s) => s.readiness)}; list ${codes((s) => s.list)}; X-Cache-Age ${ages.length ? `${Math.min(...ages)}..${Math.max(...ages)} s` : 'absent'}`;
      })
      .join('\n');
  }
}

const LIST_PATHS: Record<string, string> = {
  notebooks: '/apis/kubeflow.org/v1/notebooks',
  pods: '/api/v1/pods',
  persistentvolumeclaims: '/api/v1/persistentvolumeclaims',
  'events/Notebook': '/api/v1/events?fieldSelector=involvedObject.kind%3DNotebook',
  'events/PersistentVolumeClaim': '/api/v1/events?fieldSelector=involvedObject.kind%3DPersistentVolumeClaim',
  poddefaults: '/apis/kubeflow.org/v1alpha1/poddefaults',
  storageclasses: '/apis/storage.k8s.io/v1/storageclasses',
  namespaces: '/api/v1/namespaces',
};

const versions = (items: readonly KubeObject[]) =>
  items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();

describe('faults of the control plane (a control plane of its own)', () => {
  let dir: string;
  let info: ControlPlaneInfo;
  let admin: SandboxClient;
  let t: TestApp;
  let ns: string;
  let reader: CachedClusterReader;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-faults-'));
    info = await startControlPlane(dir, (msg) => console.error(`[faults control plane] ${msg}`));
    await bootstrapCluster(info);
    admin = new SandboxClient(info.server, info.caFile, info.users.admin.token);
    ns = 'faults';
    await createProfileNamespace(admin, ns, DEFAULT_BINDINGS);
    await eventually('RBAC for alice', async () => {
      const review = await admin.must('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        spec: {
          user: ALICE,
          resourceAttributes: { namespace: ns, verb: 'create', group: 'kubeflow.org', resource: 'notebooks' },
        },
      });
      return review.status?.allowed === true;
    });
    t = await startTestApp({
      controlPlane: info,
      cache: { tuning: { backoff: CACHE_BACKOFF } },
      // A frozen API server costs a request this long, then 504.
      env: { K8S_TIMEOUT_SECONDS: '3', RATE_LIMIT_PER_MINUTE: '0' },
    });
    reader = t.reader as CachedClusterReader;
  }, 240_000);

  afterAll(async () => {
    if (info) for (const target of ['apiserver', 'etcd'] as FaultTarget[]) resumeProcess(info, target);
    await t?.close();
    await admin?.close();
    if (info) await stopControlPlane(info);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const informers = (): Informer<KubeObject>[] =>
    [
      reader.notebooks,
      reader.pods,
      reader.pvcs,
      reader.events.Notebook,
      reader.events.PersistentVolumeClaim,
      reader.podDefaults,
      reader.storageClasses,
      reader.namespaces,
    ] as unknown as Informer<KubeObject>[];

  /** Every cache holds exactly what a fresh list holds: the same names at the same resourceVersions. */
  async function cachesEqualFreshLists(): Promise<void> {
    await eventually('caches equal to fresh lists', async () => {
      for (const informer of informers()) {
        const fresh = await admin.must('GET', LIST_PATHS[informer.name]!);
        const expected = versions(fresh.items);
        if (JSON.stringify(versions(informer.cache.all())) !== JSON.stringify(expected)) return false;
      }
      return true;
    });
  }

  /** A change made by someone else right after recovery: how long until the app's list shows it. */
  async function freshnessAfterRecovery(name: string): Promise<number> {
    await admin.must('POST', nbPath(ns), notebookObject(ns, name));
    const made = Date.now();
    await eventually(`${name} visible through the API`, async () => {
      const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` });
      return res.json().notebooks?.some((n: { name: string }) => n.name === name);
    }).catch((err: Error) => {
      const states = informers().map((i) => `${i.name}: ${JSON.stringify(i.state())} lists=${i.lists}`);
      throw new Error(`${err.message}\napi reachable=${t.apiStatus.reachable}\n${states.join('\n')}`);
    });
    return Date.now() - made;
  }

  const createBody = (name: string) => ({
    name,
    workspace: {
      mount: '/home/jovyan',
      newPvc: { metadata: { name: '{notebook-name}-ws' }, spec: { resources: { requests: { storage: '1Gi' } } } },
    },
  });
  const create = (name: string) =>
    requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/notebooks`, payload: createBody(name) });

  /** The notebooks and PVCs in the namespace, from the API server itself. */
  async function stored(): Promise<{ notebooks: string[]; pvcs: string[] }> {
    const [notebooks, pvcs] = await Promise.all([
      admin.must('GET', nbPath(ns)),
      admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`),
    ]);
    const names = (list: { items: KubeObject[] }) => list.items.map((o) => o.metadata.name!).sort();
    return { notebooks: names(notebooks), pvcs: names(pvcs) };
  }

  it('API server killed for 20 s and restarted with the same flags: ready and reading throughout, fresh at once after', async () => {
    const ok = await create('before-kill');
    expect(ok.json().message).toBe('Notebook created successfully.');
    await eventually('a calm start: every cache current', async () => reader.staleSince() === undefined);
    const timeline = new Timeline(t, ns);
    try {
      await sleep(1000);
      timeline.phase = 'outage';
      await stopApiServer(info, 'SIGKILL');
      const killedAt = Date.now();
      await eventually('the app notices', async () => !t.apiStatus.reachable);

      // Writes fail clearly and change nothing; a creation with a new volume leaves neither behind.
      const during = await create('during-kill');
      expect([during.statusCode, during.json().log]).toEqual([503, MESSAGES.unavailable]);
      const stop = await requestAs(t.app, ALICE, {
        method: 'PATCH',
        url: `/api/namespaces/${ns}/notebooks/before-kill`,
        payload: { stopped: true },
      });
      expect([stop.statusCode, stop.json().log]).toEqual([503, MESSAGES.unavailable]);

      await sleep(Math.max(0, 20_000 - (Date.now() - killedAt)));
      timeline.phase = 'restarting';
      await startApiServer(info);
      timeline.phase = 'after';
      const freshnessMs = await freshnessAfterRecovery('after-restart');
      await eventually('the cache-age header goes away', async () => {
        const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` });
        return res.statusCode === 200 && res.headers[CACHE_AGE_HEADER] === undefined;
      }).catch((err: Error) => {
        const all = (reader as unknown as { informers: Informer<KubeObject>[] }).informers;
        const states = all.map((i) => `${i.name}: ${JSON.stringify(i.state())} lists=${i.lists}`);
        throw new Error(`${err.message}\napi reachable=${t.apiStatus.reachable}\n${states.join('\n')}`);
      });
      await sleep(500);
      const samples = await timeline.stop();
      console.log(`API server killed 20 s:\n${timeline.summary()}\nchange visible ${freshnessMs} ms after it was made`);

      expect(samples.filter((s) => s.readiness !== 200)).toEqual([]);
      expect(samples.filter((s) => s.list !== 200)).toEqual([]);
      const aged = samples.filter((s) => s.phase === 'outage' && s.cacheAge !== undefined).map((s) => s.cacheAge!);
      expect(aged.length).toBeGreaterThan(5);
      expect(aged.at(-1)!).toBeGreaterThanOrEqual(aged[0]!);
      expect(Math.max(...aged)).toBeGreaterThanOrEqual(10);
      expect(samples.filter((s) => s.phase === 'before').every((s) => s.cacheAge === undefined)).toBe(true);

      await cachesEqualFreshLists();
      expect(await stored()).toEqual({
        notebooks: ['after-restart', 'before-kill'],
        pvcs: ['before-kill-ws'],
      });
      const annotations = (await admin.must('GET', nbPath(ns, 'before-kill'))).metadata.annotations ?? {};
      expect(annotations['kubeflow-resource-stopped']).toBeUndefined();
    } finally {
      await timeline.stop();
    }
  }, 240_000);

  it('API server frozen (SIGSTOP) for 12 s: ready and reading throughout, writes 504 and leave nothing, fresh after', async () => {
    const before = await stored();
    const timeline = new Timeline(t, ns);
    try {
      await sleep(1000);
      timeline.phase = 'frozen';
      pauseProcess(info, 'apiserver');
      const frozenAt = Date.now();
      const during = await create('during-freeze');
      expect([during.statusCode, during.json().log]).toEqual([504, MESSAGES.timeout]);
      await eventually('the app notices', async () => !t.apiStatus.reachable);
      await sleep(Math.max(0, 12_000 - (Date.now() - frozenAt)));
      timeline.phase = 'after';
      resumeProcess(info, 'apiserver');
      const freshnessMs = await freshnessAfterRecovery('after-freeze');
      await sleep(500);
      const samples = await timeline.stop();
      console.log(`API server frozen 12 s:\n${timeline.summary()}\nchange visible ${freshnessMs} ms after it was made`);

      expect(samples.filter((s) => s.readiness !== 200)).toEqual([]);
      expect(samples.filter((s) => s.list !== 200)).toEqual([]);
      expect(samples.some((s) => s.phase === 'frozen' && s.cacheAge !== undefined)).toBe(true);
      await cachesEqualFreshLists();
      expect(await stored()).toEqual({
        notebooks: [...before.notebooks, 'after-freeze'].sort(),
        pvcs: before.pvcs,
      });
    } finally {
      resumeProcess(info, 'apiserver');
      await timeline.stop();
    }
  }, 180_000);

  it('etcd frozen (SIGSTOP) for 10 s: reads from the caches, a write answers 503/504 and leaves nothing', async () => {
    const before = await stored();
    const timeline = new Timeline(t, ns);
    try {
      await sleep(1000);
      timeline.phase = 'etcd frozen';
      pauseProcess(info, 'etcd');
      const frozenAt = Date.now();
      const during = await create('during-etcd-freeze');
      expect([503, 504]).toContain(during.statusCode);
      expect([MESSAGES.unavailable, MESSAGES.timeout]).toContain(during.json().log);
      await sleep(Math.max(0, 10_000 - (Date.now() - frozenAt)));
      timeline.phase = 'after';
      resumeProcess(info, 'etcd');
      const freshnessMs = await freshnessAfterRecovery('after-etcd-freeze');
      await sleep(500);
      const samples = await timeline.stop();
      console.log(`etcd frozen 10 s:\n${timeline.summary()}\nchange visible ${freshnessMs} ms after it was made`);

      expect(samples.filter((s) => s.readiness !== 200)).toEqual([]);
      expect(samples.filter((s) => s.list !== 200)).toEqual([]);
      await cachesEqualFreshLists();
      expect(await stored()).toEqual({
        notebooks: [...before.notebooks, 'after-etcd-freeze'].sort(),
        pvcs: before.pvcs,
      });
    } finally {
      resumeProcess(info, 'etcd');
      await timeline.stop();
    }
  }, 180_000);
});
