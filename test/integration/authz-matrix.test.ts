import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceAttributes, Subject } from '../../backend/src/k8s/subject-access-review.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace, uniqueName } from '../support/cluster.ts';
import {
  createNotebook,
  createNotebookPod,
  createPvc,
  createViewer,
  namespaceSnapshot,
  startJsonStub,
} from '../support/security-fixtures.ts';
import { MUTATING_METHODS, SPEC_ROUTES, fillPath, isRegistered, type SpecRoute } from '../support/spec-routes.ts';

/**
 * Every route of api.md §2 × every kind of caller, against real RoleBindings: alice edits the
 * namespace (kubeflow-edit), bob views it (kubeflow-view), carol edits only through group team-a,
 * mallory has no binding there, and "nobody" sends no user header.
 */
type Caller = 'alice' | 'bob' | 'mallory' | 'carol' | 'nobody';
const CALLERS: Record<Caller, { user: string | null; groups?: string[] }> = {
  alice: { user: 'alice@example.com' },
  bob: { user: 'bob@example.com' },
  mallory: { user: 'mallory@example.com' },
  carol: { user: 'carol@example.com', groups: ['team-a'] },
  nobody: { user: null },
};
const CALLER_NAMES = Object.keys(CALLERS) as Caller[];
const READERS = new Set<Caller>(['alice', 'bob', 'carol']);
const EDITORS = new Set<Caller>(['alice', 'carol']);

/**
 * Spec routes the app does not register. Empty since every branch merged: a route that disappears
 * (or a spec route added without its implementation) fails the first test below.
 */
const KNOWN_MISSING: string[] = [];

interface Cell {
  ns: string;
  params: Record<string, string>;
  body?: unknown;
}

interface RowPlan {
  /** What the route answers an authorized caller, given the objects seeded for it. */
  okStatus: number;
  /** Fresh objects for one cell (writes must not depend on an earlier cell's outcome). */
  prepare?: (caller: Caller) => Promise<Partial<Cell>>;
  /** A route-specific check of an answer; returns a problem or undefined. */
  check?: (caller: Caller, body: any) => string | undefined;
}

/** Kubernetes calls the app has made, other than SubjectAccessReviews and watches. */
async function kubeCalls(t: TestApp): Promise<number> {
  const metric = await t.metrics.k8sRequests.get();
  return metric.values
    .filter((v) => v.labels.resource !== 'subjectaccessreviews' && v.labels.verb !== 'watch')
    .reduce((sum, v) => sum + v.value, 0);
}

function expectedStatus(route: SpecRoute, plan: RowPlan, caller: Caller): number {
  const access = route.access;
  if ('public' in access) return plan.okStatus;
  if (caller === 'nobody') return 401;
  if ('anyUser' in access) return plan.okStatus;
  const reads = ['get', 'list', 'watch'].includes(access.sar.verb);
  return (reads ? READERS : EDITORS).has(caller) ? plan.okStatus : 403;
}

describe('authorization matrix (api.md §2 × callers, real RBAC)', () => {
  let t: TestApp;
  let ns: string;
  const admin = clientAs('admin');
  const stubs: { close(): Promise<void> }[] = [];
  const results = new Map<string, Map<Caller, string>>();
  const plans = new Map<string, RowPlan>();
  /** Every authorization question the app asked, in order (cache hits included). */
  const questions: { subject: Subject; attributes: ResourceAttributes }[] = [];

  beforeAll(async () => {
    const kubecost = await startJsonStub({ code: 200, data: { sets: [{ allocations: {} }] } });
    const prometheus = await startJsonStub({ status: 'success', data: { resultType: 'vector', result: [] } });
    stubs.push(kubecost, prometheus);
    const dir = mkdtempSync(join(tmpdir(), 'authz-matrix-'));
    writeFileSync(
      join(dir, 'viewer-spec.yaml'),
      'podSpec:\n  containers:\n    - name: main\n      image: filebrowser/filebrowser:v2.27.0\n',
    );
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><base href="/"></head><body><script type="module" src="static/main.js"></script></body></html>',
    );
    t = await startTestApp({
      env: {
        KUBECOST_URL: kubecost.url,
        PROMETHEUS_URL: prometheus.url,
        VIEWER_SPEC_PATH: join(dir, 'viewer-spec.yaml'),
        RATE_LIMIT_PER_MINUTE: '0',
      },
      staticDir: dir,
    });

    const ask = t.reviewer.allowed.bind(t.reviewer);
    t.reviewer.allowed = (subject, attributes) => {
      questions.push({ subject, attributes });
      return ask(subject, attributes);
    };
    // A remembered decision is answered without `allowed`; one not remembered goes on to `allowed`.
    const remembered = t.reviewer.cachedDecision.bind(t.reviewer);
    t.reviewer.cachedDecision = (subject, attributes) => {
      const decision = remembered(subject, attributes);
      if (decision !== undefined) questions.push({ subject, attributes });
      return decision;
    };

    ns = await testNamespace('authz');
    await createPvc(admin, ns, 'pvc1');
    await createNotebook(admin, ns, 'nb1');
    await createNotebook(admin, ns, 'default-nb', { 'notebook.statcan.gc.ca/default-notebook': 'true' });
    await createNotebookPod(admin, ns, 'nb1', 'pvc1');
    await createViewer(admin, ns, 'viewer1', 'pvc1');

    const ok = (okStatus: number, extra: Omit<RowPlan, 'okStatus'> = {}): RowPlan => ({ okStatus, ...extra });
    const freshNotebook = async (caller: Caller) => {
      const nb = uniqueName(`nb-${caller}`);
      await createNotebook(admin, ns, nb);
      return { params: { nb } };
    };
    const freshPvc = async (caller: Caller) => {
      const pvc = uniqueName(`pvc-${caller}`);
      await createPvc(admin, ns, pvc);
      return { params: { pvc } };
    };
    for (const id of ['1', '2', '3', '4', '7', '8', '10', '11', '13', '16', '17', '19', '20', '21', '23', '24a'])
      plans.set(id, ok(200));
    plans.set('24b', ok(200));
    plans.set('25', ok(200));
    plans.set('26', ok(200, { check: (_c, body) => (typeof body === 'string' ? undefined : 'expected index.html') }));
    plans.set('5', ok(200));
    plans.set(
      '6',
      ok(200, {
        check: (caller, body) => {
          const listed = JSON.stringify(body?.namespaces ?? null).includes(`"${ns}"`);
          const shouldList = READERS.has(caller);
          return listed === shouldList ? undefined : `namespace ${ns} ${listed ? 'listed' : 'not listed'}`;
        },
      }),
    );
    // No kubelet: the API server answers an unscheduled pod's log with no lines.
    plans.set('12', ok(200));
    plans.set('29', ok(200));
    plans.set('33', ok(200));
    plans.set(
      '9',
      ok(200, {
        prepare: async (caller) => ({
          body: {
            name: uniqueName(`new-${caller}`),
            serverType: 'jupyter',
            image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
            cpu: '0.5',
            memory: '1Gi',
            gpus: { num: 'none' },
            datavols: [],
            configurations: [],
            shm: false,
            affinityConfig: 'none',
            tolerationGroup: 'none',
          },
        }),
      }),
    );
    plans.set('14', ok(200, { prepare: freshNotebook }));
    plans.set('15', ok(200, { prepare: async (c) => ({ ...(await freshNotebook(c)), body: { stopped: true } }) }));
    plans.set(
      '27',
      ok(200, { prepare: async (c) => ({ ...(await freshNotebook(c)), body: { cpu: '0.5', memory: '1Gi' } }) }),
    );
    plans.set('34', ok(200, { prepare: freshNotebook }));
    plans.set('18', ok(200, { prepare: freshPvc }));
    plans.set(
      '22',
      ok(200, {
        prepare: async (caller) => ({
          body: {
            name: uniqueName(`vol-${caller}`),
            type: 'empty',
            size: '1Gi',
            class: '{empty}',
            mode: 'ReadWriteOnce',
          },
        }),
      }),
    );
    plans.set(
      '28',
      ok(200, {
        // One default notebook per namespace: every cell gets its own profile namespace.
        prepare: async () => {
          const fresh = await testNamespace('authz-default');
          return { ns: fresh, params: { ns: fresh } };
        },
      }),
    );
    plans.set(
      '30',
      ok(200, {
        prepare: async (c) => {
          const { params } = await freshPvc(c);
          return { body: { name: params.pvc } };
        },
      }),
    );
    plans.set(
      '31',
      ok(200, {
        prepare: async (caller) => {
          const viewer = uniqueName(`viewer-${caller}`);
          await createViewer(admin, ns, viewer, 'pvc1');
          return { params: { viewer } };
        },
      }),
    );
    plans.set(
      '32',
      ok(200, {
        // A different value per caller, so an allowed write is visible in the resourceVersion.
        prepare: async (caller) => ({
          body: { data: [{ name: 'pvc1', usage: String(10 + CALLER_NAMES.indexOf(caller)), usedBytes: '1024' }] },
        }),
      }),
    );
  });

  afterAll(async () => {
    const header = ['route', ...CALLER_NAMES];
    const rows = SPEC_ROUTES.map((r) => {
      const row = results.get(r.id);
      const cells = CALLER_NAMES.map((c) => row?.get(c) ?? (row ? '?' : 'missing'));
      return [`${r.id.padStart(3)} ${r.method.padEnd(6)} ${r.path}`, ...cells];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
    console.log(
      ['Authorization matrix (status; "got≠expected" marks a failure)', line(header), ...rows.map(line)].join('\n'),
    );
    await t?.close();
    await admin.close();
    for (const s of stubs) await s.close();
  });

  it('lists exactly the known spec routes as not implemented', () => {
    const missing = SPEC_ROUTES.filter((r) => !isRegistered(t.app, r)).map((r) => `${r.id} ${r.method} ${r.path}`);
    console.log(
      `Spec routes not registered by the app: ${missing.length === 0 ? 'none' : `\n  ${missing.join('\n  ')}`}`,
    );
    expect(missing).toEqual(KNOWN_MISSING);
  });

  for (const route of SPEC_ROUTES) {
    it(`#${route.id} ${route.method} ${route.path}`, async () => {
      if (!isRegistered(t.app, route)) {
        // Not implemented yet: it must be one the known-missing list names.
        expect(KNOWN_MISSING).toContain(`${route.id} ${route.method} ${route.path}`);
        return;
      }
      const plan = plans.get(route.id);
      expect(plan, `no matrix plan for route ${route.id}`).toBeDefined();
      const row = new Map<Caller, string>();
      results.set(route.id, row);
      const problems: string[] = [];
      for (const caller of CALLER_NAMES) {
        const cell: Cell = {
          ns,
          params: { ns, nb: 'nb1', pvc: 'pvc1', pod: 'nb1-0', viewer: 'viewer1', hours: '2' },
        };
        const prepared = plan!.prepare ? await plan!.prepare(caller) : {};
        cell.ns = prepared.ns ?? cell.ns;
        cell.params = { ...cell.params, ...prepared.params };
        cell.body = prepared.body;
        const writes = MUTATING_METHODS.has(route.method);
        const before = writes ? await namespaceSnapshot(admin, cell.ns) : [];

        const callsBefore = await kubeCalls(t);
        questions.length = 0;
        const { user, groups } = CALLERS[caller];
        const res = await requestAs(t.app, user, {
          method: route.method,
          url: fillPath(route.path, cell.params),
          groups,
          ...(cell.body === undefined ? {} : { payload: cell.body as object }),
        });
        const expected = expectedStatus(route, plan!, caller);
        row.set(caller, res.statusCode === expected ? String(res.statusCode) : `${res.statusCode}≠${expected}`);
        const where = `${caller}`;
        if (res.statusCode !== expected) {
          problems.push(`${where}: status ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 300)}`);
          continue;
        }
        const isJson = (res.headers['content-type'] ?? '').toString().includes('json');
        const body = isJson ? res.json() : res.body;
        if (expected === 401 && body.log !== 'No user detected.') problems.push(`${where}: 401 log ${body.log}`);
        const sar = 'sar' in route.access ? route.access.sar : undefined;
        if (expected === 403 && sar) {
          const what = [sar.group ? `${sar.group}/${sar.version}` : sar.version, sar.resource, sar.subresource];
          const log = `User '${user}' is not authorized to ${sar.verb} ${what.filter(Boolean).join('/')} in namespace '${cell.ns}'`;
          if (body.log !== log) problems.push(`${where}: 403 log ${body.log}, expected ${log}`);
        }
        if (sar && user) {
          const first = questions[0];
          const wanted = {
            subject: { user, groups: groups ?? [] },
            attributes: {
              namespace: cell.ns,
              verb: sar.verb,
              group: sar.group,
              version: sar.version,
              resource: sar.resource,
              subresource: sar.subresource,
              name: sar.nameParam ? cell.params[sar.nameParam] : undefined,
            },
          };
          if (JSON.stringify(first) !== JSON.stringify(wanted))
            problems.push(
              `${where}: first SubjectAccessReview ${JSON.stringify(first)}, expected ${JSON.stringify(wanted)}`,
            );
          if (expected === 403 && questions.length !== 1)
            problems.push(`${where}: ${questions.length} reviews for a caller denied at the first`);
        }
        if ((expected === 401 || expected === 403) && (await kubeCalls(t)) !== callsBefore)
          problems.push(`${where}: the app called Kubernetes for a caller it refused`);
        const extra = expected === plan!.okStatus ? plan!.check?.(caller, body) : undefined;
        if (extra) problems.push(`${where}: ${extra}`);
        if (writes) {
          const after = await namespaceSnapshot(admin, cell.ns);
          // Objects already being deleted before the call (earlier cells' deletes) may finish
          // vanishing at any moment, by the garbage collector: they are not the caller's doing.
          const settling = new Set(before.filter((e) => e.endsWith(' deleting')).map((e) => e.split('@')[0]));
          const stable = (snapshot: string[]) => snapshot.filter((e) => !settling.has(e.split('@')[0]));
          if (expected !== 200 && JSON.stringify(stable(after)) !== JSON.stringify(stable(before)))
            problems.push(`${where}: a denied write changed the namespace: ${before.join(',')} -> ${after.join(',')}`);
          if (expected === 200 && JSON.stringify(after) === JSON.stringify(before))
            problems.push(`${where}: an allowed write changed nothing`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
