import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { bootstrapCluster, createProfileNamespace } from '../../sandbox/src/bootstrap.ts';
import {
  type ControlPlaneInfo,
  isAlive,
  startControlPlane,
  stopControlPlane,
} from '../../sandbox/src/control-plane.ts';
import { RECONCILED_NAMESPACE_LABEL } from '../../sandbox/src/simulation.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_BINDINGS, uniqueName } from '../support/cluster.ts';
import {
  claimManifest,
  inOrder,
  NotebookHistory,
  notebookManifest,
  restartApiServer,
  waitFor,
  type NotebookOptions,
} from '../support/simulated-cluster.ts';

const ALICE = 'alice@example.com';
const log = (msg: string) => console.error(`[simulated control plane] ${msg}`);

/**
 * The status algorithm fed by real controllers: a control plane of its own that runs kube-scheduler,
 * the StatefulSet/PVC/GC controllers, kwok's fake nodes and the local notebook controller. Nothing
 * here writes a Notebook status or an Event by hand (the other suites do, on the shared control
 * plane, for states a simulation cannot produce).
 */
describe('notebooks on a control plane that runs them', () => {
  let dir: string;
  let info: ControlPlaneInfo;
  let admin: SandboxClient;
  let t: TestApp;
  let ns: string;
  let unreconciledNs: string;
  let startSeconds: number;
  let stopped = false;

  const nbPath = (namespace: string, name = '') =>
    `/apis/kubeflow.org/v1/namespaces/${namespace}/notebooks${name ? `/${name}` : ''}`;
  const asAlice = (method: string, url: string, payload?: unknown) =>
    requestAs(t.app, ALICE, { method: method as 'GET', url, payload: payload as object });

  async function listed(name: string, namespace = ns) {
    const res = await asAlice('GET', `/api/namespaces/${namespace}/notebooks`);
    expect(res.statusCode).toBe(200);
    return (res.json().notebooks as { name: string; status: { phase: string; key: string; message: string } }[]).find(
      (n) => n.name === name,
    );
  }

  async function createNotebook(name: string, options: NotebookOptions = {}, namespace = ns) {
    await admin.must('POST', nbPath(namespace), notebookManifest(name, options));
  }

  const phaseOf = async (name: string) => (await listed(name))?.status;
  const untilPhase = (name: string, phase: string, timeoutMs = 60_000) =>
    waitFor(
      `${name} to be ${phase}`,
      async () => {
        const status = await phaseOf(name);
        return status?.phase === phase ? status : undefined;
      },
      timeoutMs,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-simulated-'));
    const started = performance.now();
    info = await startControlPlane(dir, log, {
      simulation: { notebookNamespaceLabel: `${RECONCILED_NAMESPACE_LABEL}=true` },
    });
    startSeconds = (performance.now() - started) / 1000;
    log(
      `started in ${startSeconds.toFixed(1)} s (etcd, API server, controller-manager, scheduler, kwok, notebook controller)`,
    );
    await bootstrapCluster(info);
    admin = new SandboxClient(info.server, info.caFile, info.users.admin.token);
    ns = uniqueName('sim');
    unreconciledNs = uniqueName('sim-plain');
    await createProfileNamespace(admin, ns, DEFAULT_BINDINGS, { [RECONCILED_NAMESPACE_LABEL]: 'true' });
    await createProfileNamespace(admin, unreconciledNs, DEFAULT_BINDINGS);
    t = await startTestApp({ controlPlane: info });
    await waitFor(
      'RBAC for alice',
      async () => (await asAlice('GET', `/api/namespaces/${ns}/notebooks`)).statusCode === 200,
    );
  }, 240_000);

  afterAll(async () => {
    if (!stopped) await t?.close();
    await admin?.close();
    if (info) await stopControlPlane(info);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs a notebook: waiting, then ready, with its StatefulSet, Service, pod, events and logs', async () => {
    const history = await NotebookHistory.start(t.apis.rest, ns, 'lab');
    await createNotebook('lab');
    const ready = await untilPhase('lab', 'ready');
    expect(ready).toMatchObject({ key: 'running', message: 'Running' });
    await history.stop();
    // Created (the grace-period row), the container being created, then running.
    expect(history.keys()).toEqual(expect.arrayContaining(['waiting/waitingStatus', 'ready/running']));
    expect(
      inOrder(history.keys(), ['waiting/waitingStatus', 'waiting/schedulingPod', 'ready/running']),
      history.keys().join(' > '),
    ).toBe(true);

    const notebook = await admin.must('GET', nbPath(ns, 'lab'));
    expect(notebook.status.readyReplicas).toBe(1);
    expect(notebook.status.containerState.running.startedAt).toMatch(/Z$/);
    expect(notebook.metadata.annotations['notebooks.kubeflow.org/last-activity']).toMatch(/Z$/);
    const sts = await admin.must('GET', `/apis/apps/v1/namespaces/${ns}/statefulsets/lab`);
    expect(sts.metadata.ownerReferences[0]).toMatchObject({ kind: 'Notebook', name: 'lab', controller: true });
    expect(sts.spec.template.spec.containers[0].env).toContainEqual({
      name: 'NB_PREFIX',
      value: `/notebook/${ns}/lab`,
    });
    const svc = await admin.must('GET', `/api/v1/namespaces/${ns}/services/lab`);
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8888 });
    const pod = await admin.must('GET', `/api/v1/namespaces/${ns}/pods/lab-0`);
    expect(pod.spec.nodeName).toMatch(/^sandbox-/);
    expect(pod.status.phase).toBe('Running');

    // The pod's and the StatefulSet's events, re-issued on the Notebook by the notebook controller.
    const events = await waitFor('the scheduler and StatefulSet events on the notebook', async () => {
      const res = await asAlice('GET', `/api/namespaces/${ns}/notebooks/lab/events`);
      const messages = (res.json().events as { message: string }[]).map((e) => e.message);
      const scheduled = messages.some((m) =>
        m.startsWith(`Reissued from pod/lab-0: Successfully assigned ${ns}/lab-0`),
      );
      const created = messages.some((m) => m.startsWith('Reissued from statefulset/lab: Create Pod lab-0'));
      return scheduled && created ? messages : undefined;
    });
    expect(events.some((m) => m === 'Reissued from pod/lab-0: Started the containers')).toBe(true);

    // Logs come from kwok through the API server's pods/log (kwok listens on 127.0.0.1 only).
    const logs = await asAlice('GET', `/api/namespaces/${ns}/notebooks/lab/pod/lab-0/logs`);
    expect(logs.statusCode).toBe(200);
    expect(logs.json().logs.join('\n')).toContain('Jupyter Server');
    expect(logs.json().logs[0]).toContain('simulated');
  });

  it('stops (stopping, then stopped, no pod) and starts again (waiting, then ready)', async () => {
    await untilPhase('lab', 'ready');
    const stopping = await NotebookHistory.start(t.apis.rest, ns, 'lab');
    const stop = await asAlice('PATCH', `/api/namespaces/${ns}/notebooks/lab`, { stopped: true });
    expect(stop.statusCode).toBe(200);
    await untilPhase('lab', 'stopped');
    await waitFor(
      'the pod to go',
      async () => (await admin.call('GET', `/api/v1/namespaces/${ns}/pods/lab-0`)).status === 404,
    );
    await stopping.stop();
    // The version the stop wrote (annotation set, the pod still ready) reads as stopping. (Within
    // 10 s of creation an emptied status reads as waiting: row 1 comes before the stop rows.)
    expect(stopping.keys()[0]).toBe('waiting/notebookStopping');
    // Without a pod: an empty status and no last-activity (the culler's bookkeeping).
    await waitFor('the status of a notebook without a pod', async () => {
      const stopped = await admin.must('GET', nbPath(ns, 'lab'));
      const annotations = stopped.metadata.annotations;
      const empty = JSON.stringify(stopped.status) === '{"conditions":[],"containerState":{},"readyReplicas":0}';
      return empty && !('notebooks.kubeflow.org/last-activity' in annotations);
    });

    const starting = await NotebookHistory.start(t.apis.rest, ns, 'lab');
    const start = await asAlice('PATCH', `/api/namespaces/${ns}/notebooks/lab`, { stopped: false });
    expect(start.statusCode).toBe(200);
    await untilPhase('lab', 'ready');
    await starting.stop();
    expect(inOrder(starting.keys(), ['waiting/schedulingPod', 'ready/running']), starting.keys().join(' > ')).toBe(
      true,
    );
  });

  it('shows Unschedulable when the notebook asks for more GPUs than any node has', async () => {
    await createNotebook('too-many-gpus', { gpus: 2 });
    const status = await waitFor('the scheduler to give up', async () => {
      const s = await phaseOf('too-many-gpus');
      return s?.key === 'errorCondition' ? s : undefined;
    });
    expect(status.phase).toBe('warning');
    expect(status.message).toMatch(/^Unschedulable: 0\/2 nodes are available: .*Insufficient nvidia\.com\/gpu/);
  });

  it('shows ImagePullBackOff for an image that cannot be pulled', async () => {
    const image = 'registry.invalid/jupyter:missing';
    await createNotebook('bad-image', { image });
    const status = await waitFor('the image pull to back off', async () => {
      const s = await phaseOf('bad-image');
      return s?.message.startsWith('ImagePullBackOff') ? s : undefined;
    });
    expect(status).toMatchObject({
      phase: 'warning',
      key: 'containerWaiting',
      message: `ImagePullBackOff: Back-off pulling image "${image}"`,
    });
    const res = await asAlice('GET', `/api/namespaces/${ns}/notebooks/bad-image/events`);
    const warnings = (res.json().events as { type: string; message: string }[]).filter((e) => e.type === 'Warning');
    expect(warnings.map((e) => e.message)).toContain('Reissued from pod/bad-image-0: Error: ErrImagePull');
  });

  it('keeps a volume in use until its notebook is gone (pvc-protection), then deletes it and its volume', async () => {
    await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, claimManifest('lab2-workspace'));
    await createNotebook('lab2', { claim: 'lab2-workspace' });
    await untilPhase('lab2', 'ready');
    const bound = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/lab2-workspace`);
    expect(bound.status.phase).toBe('Bound');
    const volume = bound.spec.volumeName as string;

    const refused = await asAlice('DELETE', `/api/namespaces/${ns}/pvcs/lab2-workspace`);
    expect(refused.statusCode).toBe(409);
    // Deleted behind the app's back while the pod uses it: the finalizer holds it.
    await admin.must('DELETE', `/api/v1/namespaces/${ns}/persistentvolumeclaims/lab2-workspace`);
    const held = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/lab2-workspace`);
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toContain('kubernetes.io/pvc-protection');

    const deleted = await asAlice('DELETE', `/api/namespaces/${ns}/notebooks/lab2`);
    expect(deleted.statusCode).toBe(200);
    await waitFor('the notebook, its StatefulSet, Service and pod to go', async () => {
      const paths = [
        nbPath(ns, 'lab2'),
        `/apis/apps/v1/namespaces/${ns}/statefulsets/lab2`,
        `/api/v1/namespaces/${ns}/services/lab2`,
        `/api/v1/namespaces/${ns}/pods/lab2-0`,
      ];
      const codes = await Promise.all(paths.map(async (p) => (await admin.call('GET', p)).status));
      return codes.every((c) => c === 404);
    });
    await waitFor('the claim and its volume to go', async () => {
      const claim = await admin.call('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/lab2-workspace`);
      const pv = await admin.call('GET', `/api/v1/persistentvolumes/${volume}`);
      return claim.status === 404 && pv.status === 404;
    });
  });

  it('leaves namespaces without the opt-in label to tests that write statuses by hand', async () => {
    await createNotebook('by-hand', {}, unreconciledNs);
    // Created after the other one: once it runs, the controller has seen both.
    await createNotebook('witness');
    await untilPhase('witness', 'ready');
    const sts = await admin.call('GET', `/apis/apps/v1/namespaces/${unreconciledNs}/statefulsets/by-hand`);
    expect(sts.status).toBe(404);
    const untouched = await admin.must('GET', nbPath(unreconciledNs, 'by-hand'));
    expect(untouched.status ?? {}).toEqual({});
  });

  it('keeps reconciling the other notebooks when the StatefulSet API refuses one', async () => {
    // Valid as a Notebook (the CRD does not check mounts), invalid as a StatefulSet (no such volume).
    const broken = notebookManifest('broken-mount');
    broken.spec.template.spec.containers[0]!.volumeMounts.push({ name: 'missing', mountPath: '/data' });
    await admin.must('POST', nbPath(ns), broken);
    await createNotebook('next-door');
    await untilPhase('next-door', 'ready');
    const sts = await admin.call('GET', `/apis/apps/v1/namespaces/${ns}/statefulsets/broken-mount`);
    expect(sts.status).toBe(404);
    await admin.must('DELETE', nbPath(ns, 'broken-mount'));
  });

  it('keeps running notebooks after the API server restarts (every component reconnects)', async () => {
    const before = Object.fromEntries(Object.entries(info.pids).filter(([name]) => name !== 'apiserver'));
    await restartApiServer(info);
    await createNotebook('after-restart');
    await untilPhase('after-restart', 'ready', 120_000);
    const stop = await asAlice('PATCH', `/api/namespaces/${ns}/notebooks/after-restart`, { stopped: true });
    expect(stop.statusCode).toBe(200);
    await waitFor('the pod to go', async () => {
      const pod = await admin.call('GET', `/api/v1/namespaces/${ns}/pods/after-restart-0`);
      return pod.status === 404;
    });
    // The same processes did it: none had to be restarted.
    expect(Object.entries(before).filter(([, pid]) => !isAlive(pid))).toEqual([]);
  });

  it('stops every process it started, leaving none behind', async () => {
    log(`start-up took ${startSeconds.toFixed(1)} s`);
    const pids = Object.entries(info.pids);
    expect(pids.map(([name]) => name).sort()).toEqual(
      ['apiserver', 'controllerManager', 'etcd', 'kwok', 'notebookController', 'scheduler'].sort(),
    );
    stopped = true;
    await t.close();
    await stopControlPlane(info);
    expect(pids.filter(([, pid]) => isAlive(pid))).toEqual([]);
  });
});
