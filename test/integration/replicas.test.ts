import {
  formatResourceVersions,
  mergeResourceVersions,
  parseResourceVersions,
  type ResourceVersions,
} from '@jupyter-apis/contract';
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, controlPlane, testNamespace } from '../support/cluster.ts';
import { ServerProcess } from '../support/server-process.ts';
import { ServiceProxy } from '../support/service-proxy.ts';
import { SseTestClient } from '../support/sse-client.ts';

const ALICE = 'alice@example.com';
const CSRF = 'replicas-csrf-token-0123456789abcdefghij';
/**
 * What every replica gets here: no per-user write limit (one user makes hundreds of changes a
 * minute in these tests, and each replica counts its own), a drain (2 s) well above the proxy's
 * probe interval (it plays the endpoint propagation).
 */
const REPLICA_ENV = { RATE_LIMIT_PER_MINUTE: '0', SHUTDOWN_DRAIN_SECONDS: '2', LOG_LEVEL: 'warn' };
const PROBE_INTERVAL_MS = 200;

interface Answer {
  status: number;
  servedBy: string;
  body: any;
}

/**
 * One browser tab of a user, as the UI's HTTP client behaves: it keeps the highest resource versions
 * its writes answered, per namespace, and sends them on every request to that namespace.
 */
class UserSession {
  private readonly versions = new Map<string, ResourceVersions>();
  private readonly base: string;
  private readonly user: string;

  constructor(base: string, user: string) {
    this.base = base;
    this.user = user;
  }

  /** The X-Min-Resource-Version header this tab sends to `ns` (none before its first write there). */
  minVersions(ns: string): Record<string, string> {
    const seen = this.versions.get(ns);
    return seen ? { 'x-min-resource-version': formatResourceVersions(seen) } : {};
  }

  async call(method: string, ns: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {
      'kubeflow-userid': this.user,
      accept: 'application/json',
      ...this.minVersions(ns),
    };
    if (method !== 'GET') {
      headers['x-xsrf-token'] = CSRF;
      headers.cookie = `XSRF-TOKEN=${CSRF}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}/api/namespaces/${ns}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const written = parseResourceVersions(res.headers.get('x-resource-version') ?? undefined);
    if (written.ok) this.versions.set(ns, mergeResourceVersions(this.versions.get(ns) ?? {}, written.versions));
    return { status: res.status, servedBy: res.headers.get('x-served-by') ?? '', body: await res.json() };
  }
}

const notebookBody = (name: string) => ({ name, noWorkspace: true, datavols: [], shm: false });
const pvcBody = (name: string) => ({ name, type: 'empty', size: '1Gi', class: '{empty}', mode: 'ReadWriteOnce' });

/** The list route of a kind and the row of `name` in its answer (undefined when absent). */
const LISTS = {
  notebooks: { create: '/notebooks', body: notebookBody, item: (name: string) => `/notebooks/${name}` },
  pvcs: { create: '/pvcs', body: pvcBody, item: (name: string) => `/pvcs/${name}` },
} as const;

function rowOf(answer: Answer, kind: keyof typeof LISTS, name: string): any {
  return (answer.body[kind] as any[]).find((row) => row.name === name);
}

/** Gone, or listed as being deleted: a delete the user made is never undone in their list. */
function deletedIn(answer: Answer, kind: keyof typeof LISTS, name: string): boolean {
  const row = rowOf(answer, kind, name);
  if (!row) return true;
  return kind === 'notebooks' ? row.metadata?.deletionTimestamp !== undefined : row.status?.phase === 'terminating';
}

async function waitSummary(replicas: ServerProcess[]): Promise<string> {
  const lines = [];
  for (const r of replicas) {
    const current = await r.metric('jwa_consistent_reads_total{outcome="current"}');
    const caughtUp = await r.metric('jwa_consistent_reads_total{outcome="caught_up"}');
    const apiServer = await r.metric('jwa_consistent_reads_total{outcome="api_server"}');
    const waited = caughtUp + apiServer;
    const sum =
      (await r.metric('jwa_consistent_read_wait_seconds_sum{outcome="caught_up"}')) +
      (await r.metric('jwa_consistent_read_wait_seconds_sum{outcome="api_server"}'));
    lines.push(
      `${r.name}: ${current + waited} requests named versions; ${current} found them in the caches, ` +
        `${caughtUp} waited for the watch (${waited > 0 ? ((sum / waited) * 1000).toFixed(1) : '0'} ms on average), ` +
        `${apiServer} read from the API server`,
    );
  }
  return lines.join('\n');
}

describe('two replicas behind one Service', () => {
  const info = controlPlane();
  let proxy: ServiceProxy;
  let replicas: ServerProcess[] = [];
  let ns: string;

  beforeAll(async () => {
    ns = await testNamespace('replicas');
    proxy = await ServiceProxy.start({ probeIntervalMs: PROBE_INTERVAL_MS });
    replicas = await Promise.all(['a', 'b'].map((name) => ServerProcess.start(info, name, REPLICA_ENV)));
    for (const r of replicas) proxy.add(r.name, r.port);
    await Promise.all(replicas.map((r) => proxy.until(r.name, true)));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await proxy?.close();
  });

  it('each user sees their own writes on the next request, whichever replica answers (200 create → list, delete → list)', async () => {
    const session = new UserSession(proxy.url, ALICE);
    const misses: string[] = [];
    const sameReplica: string[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 2 === 0 ? 'notebooks' : 'pvcs';
      const name = `seq-${i}`;
      const created = await session.call('POST', ns, LISTS[kind].create, LISTS[kind].body(name));
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const afterCreate = await session.call('GET', ns, `/${kind}`);
      expect(afterCreate.status).toBe(200);
      if (!rowOf(afterCreate, kind, name)) misses.push(`${kind} ${name} missing after create`);
      if (afterCreate.servedBy === created.servedBy) sameReplica.push(`${name} create`);

      const deleted = await session.call('DELETE', ns, LISTS[kind].item(name));
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
      const afterDelete = await session.call('GET', ns, `/${kind}`);
      expect(afterDelete.status).toBe(200);
      if (!deletedIn(afterDelete, kind, name)) misses.push(`${kind} ${name} back after delete`);
      if (afterDelete.servedBy === deleted.servedBy) sameReplica.push(`${name} delete`);
      // One more read every other round, so that both replicas take writes and the reads after them.
      if (i % 2 === 0) expect((await session.call('GET', ns, '/poddefaults')).status).toBe(200);
    }
    console.log(`[replicas] 400 reads right after a write on the other replica\n${await waitSummary(replicas)}`);
    // Round robin over two ready replicas: every read went to the replica that did not write.
    expect(sameReplica).toEqual([]);
    expect(misses).toEqual([]);
    expect(proxy.failures).toEqual([]);
  }, 300_000);

  it('a live stream opened on the other replica right after a write starts with a snapshot that has it', async () => {
    const session = new UserSession(proxy.url, ALICE);
    const missing: string[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `streamed-${i}`;
      const created = await session.call('POST', ns, '/notebooks', notebookBody(name));
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const other = replicas.find((r) => r.name !== created.servedBy)!;
      const stream = await SseTestClient.open(other.url, `/api/namespaces/${ns}/stream?kinds=notebooks`, {
        headers: session.minVersions(ns),
      });
      try {
        expect(stream.status, JSON.stringify(stream.error)).toBe(200);
        const snapshot = await stream.next((e) => e.event === 'snapshot', 'snapshot');
        if (!(snapshot.data.notebooks as { name: string }[]).some((n) => n.name === name)) missing.push(name);
      } finally {
        await stream.close();
      }
    }
    expect(missing).toEqual([]);
  }, 120_000);

  it('on SIGTERM a replica turns unready at once, serves through the drain, then closes its streams with a reconnect hint and exits', async () => {
    const leaving = await ServerProcess.start(info, 'leaving', REPLICA_ENV);
    try {
      await leaving.ready();
      const stream = await SseTestClient.open(leaving.url, `/api/namespaces/${ns}/stream?kinds=notebooks`);
      expect(stream.status).toBe(200);
      await stream.next((e) => e.event === 'snapshot', 'snapshot');
      const timeline: string[] = [];
      leaving.terminate();
      for (let i = 0; i < 200 && timeline.length === 0; i++) {
        const res = await fetch(`${leaving.url}/healthz/readiness`);
        if (res.status === 503) timeline.push(`readiness 503: ${await res.json()}`);
        else await res.arrayBuffer();
        await sleep(10);
      }
      // Unready, yet still serving: the listener is open and answers in full, closing each connection.
      const list = await fetch(`${leaving.url}/api/namespaces/${ns}/notebooks`, {
        headers: { 'kubeflow-userid': ALICE },
      });
      expect(list.status).toBe(200);
      expect(list.headers.get('connection')).toBe('close');
      await list.arrayBuffer();
      expect(stream.ended).toBe(false);
      timeline.push('list answered 200');
      const closing = await stream.next((e) => e.event === 'closing', 'closing event');
      expect(closing.data).toMatchObject({ reason: 'shutdown' });
      expect(stream.retryMs).toBe(1000);
      timeline.push('stream closed: shutdown');
      expect(await leaving.exit()).toEqual({ code: 0, signal: null });
      timeline.push('exited 0');
      await expect(fetch(`${leaving.url}/healthz/readiness`)).rejects.toThrow();
      expect(timeline).toEqual([
        'readiness 503: not ready: shutting down',
        'list answered 200',
        'stream closed: shutdown',
        'exited 0',
      ]);
    } finally {
      await leaving.stop();
    }
  }, 120_000);

  it('a rolling restart under load (reads and writes through the Service) fails no request and loses no write', async () => {
    let load!: autocannon.Instance;
    const loadDone = new Promise<autocannon.Result>((resolve, reject) => {
      load = autocannon(
        {
          url: `${proxy.url}/api/namespaces/${ns}/notebooks`,
          headers: { 'kubeflow-userid': ALICE },
          connections: 4,
          duration: 120,
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });
    const session = new UserSession(proxy.url, ALICE);
    const written: string[] = [];
    const failedWrites: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const name = `rolling-${i}`;
        const created = await session.call('POST', ns, '/pvcs', pvcBody(name));
        if (created.status !== 200) failedWrites.push(`${name}: ${created.status} ${JSON.stringify(created.body)}`);
        else written.push(name);
        const list = await session.call('GET', ns, '/pvcs');
        if (list.status !== 200 || !rowOf(list, 'pvcs', name)) failedWrites.push(`${name}: not listed right after`);
      }
    })();

    // Replace each replica in turn, as a Deployment's rolling update with maxSurge 1 does: the new
    // one joins once ready, then the old one gets SIGTERM and leaves once its readiness fails.
    const restarted: ServerProcess[] = [];
    for (const old of [...replicas]) {
      const fresh = await ServerProcess.start(info, `${old.name}2`, REPLICA_ENV);
      restarted.push(fresh);
      proxy.add(fresh.name, fresh.port);
      await proxy.until(fresh.name, true);
      old.terminate();
      await proxy.until(old.name, false);
      expect(await old.exit()).toEqual({ code: 0, signal: null });
      proxy.remove(old.name);
      replicas = replicas.filter((r) => r !== old);
      replicas.push(fresh);
    }
    writing = false;
    await writer;
    load.stop();
    const result = await loadDone;

    console.log(
      `[replicas] rolling restart: ${result.requests.total} reads (${result.non2xx} not 2xx, ${result.errors} errors, ` +
        `${result.timeouts} timeouts), ${written.length} writes; served by ${JSON.stringify(Object.fromEntries(proxy.servedBy))}`,
    );
    expect(result.requests.total).toBeGreaterThan(0);
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    });
    expect(failedWrites).toEqual([]);
    expect(proxy.failures).toEqual([]);
    expect(written.length).toBeGreaterThan(0);
    // Every write the Service acknowledged is in the cluster.
    const admin = clientAs('admin');
    try {
      const stored = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`);
      const names = new Set((stored.items as { metadata: { name: string } }[]).map((p) => p.metadata.name));
      expect(written.filter((name) => !names.has(name))).toEqual([]);
    } finally {
      await admin.close();
    }
  }, 300_000);
});
