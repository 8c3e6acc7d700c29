import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { nbPath } from './notebooks-fixtures.ts';

const ALICE = 'alice@example.com';
const pvcPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/persistentvolumeclaims${name ? `/${name}` : ''}`;
const newPvc = (name: string, mount: string, storage = '1Gi') => ({
  mount,
  newPvc: { metadata: { name }, spec: { resources: { requests: { storage } } } },
});

describe('notebooks: start/stop, delete, edit, default notebook, keep-alive', () => {
  let t: TestApp;
  let ns: string;
  let admin: SandboxClient;

  beforeAll(async () => {
    t = await startTestApp();
    ns = await testNamespace('nblife');
    admin = clientAs('admin');
    for (const name of ['runner', 'doomed', 'editme']) {
      const res = await requestAs(t.app, ALICE, {
        method: 'POST',
        url: `/api/namespaces/${ns}/notebooks`,
        payload: { name, workspace: newPvc('{notebook-name}-workspace', '/home/jovyan') },
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  const patch = (nb: string, payload?: unknown, user = ALICE) =>
    requestAs(t.app, user, {
      method: 'PATCH',
      url: `/api/namespaces/${ns}/notebooks/${nb}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const annotations = async (nb: string) => (await admin.must('GET', nbPath(ns, nb))).metadata.annotations ?? {};

  it('stop, stop again (409), start, start again (200) with merge patches of the stop annotation', async () => {
    const stop = await patch('runner', { stopped: true });
    expect(stop.json()).toEqual({ success: true, status: 200, user: ALICE });
    expect((await annotations('runner'))['kubeflow-resource-stopped']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` });
    expect(list.json().notebooks.find((n: { name: string }) => n.name === 'runner').status.phase).toMatch(
      /stopped|waiting/,
    );

    const again = await patch('runner', { stopped: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().log).toBe(`Notebook ${ns}/runner is already stopped.`);
    expect((await patch('runner', { stopped: false })).statusCode).toBe(200);
    expect((await annotations('runner'))['kubeflow-resource-stopped']).toBeUndefined();
    expect((await patch('runner', { stopped: false })).statusCode).toBe(200);
  });

  it('PATCH errors: no body, no supported key, not a boolean, unknown notebook, viewer', async () => {
    expect((await patch('runner')).json()).toMatchObject({ status: 400, log: "Request doesn't have a body." });
    expect((await patch('runner', { stop: true })).json()).toMatchObject({
      status: 400,
      log: "Request body must include at least one supported key: ['stopped']",
    });
    const notBool = await patch('runner', { stopped: 'yes' });
    expect(notBool.statusCode).toBe(400);
    expect(notBool.json().errors).toEqual([{ field: 'stopped', message: "'stopped' must be true or false." }]);
    const unknown = await patch('ghost', { stopped: true });
    expect(unknown.json()).toMatchObject({ status: 404, log: "Notebook 'ghost' not found." });
    const viewer = await patch('runner', { stopped: true }, 'bob@example.com');
    expect(viewer.json().log).toBe(
      `User 'bob@example.com' is not authorized to patch kubeflow.org/v1/notebooks in namespace '${ns}'`,
    );
  });

  it('a notebook being deleted answers 409 to start and stop', async () => {
    await admin.must(
      'PATCH',
      nbPath(ns, 'doomed'),
      { metadata: { finalizers: ['example.com/hold'] } },
      'application/merge-patch+json',
    );
    const del = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/notebooks/doomed` });
    expect(del.json()).toEqual({
      success: true,
      status: 200,
      user: ALICE,
      message: 'Notebook doomed successfully deleted.',
    });
    for (const stopped of [true, false]) {
      const res = await patch('doomed', { stopped });
      expect(res.statusCode).toBe(409);
      expect(res.json().log).toBe(`Notebook ${ns}/doomed is being deleted.`);
    }
    await admin.must('PATCH', nbPath(ns, 'doomed'), { metadata: { finalizers: null } }, 'application/merge-patch+json');
  });

  it('delete is foreground, keeps the PVCs, and 404s for an unknown notebook', async () => {
    // A dependent that cannot go away (it holds a finalizer) keeps a foreground-deleted owner
    // visible with the foregroundDeletion finalizer; a background delete would remove the owner.
    const owner = await admin.must('GET', nbPath(ns, 'runner'));
    const dependentPath = `/api/v1/namespaces/${ns}/configmaps/runner-dependent`;
    await admin.must('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'runner-dependent',
        finalizers: ['example.com/hold'],
        ownerReferences: [
          {
            apiVersion: 'kubeflow.org/v1',
            kind: 'Notebook',
            name: 'runner',
            uid: owner.metadata.uid,
            blockOwnerDeletion: true,
          },
        ],
      },
    });
    const res = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/notebooks/runner` });
    expect(res.statusCode).toBe(200);
    const held = await admin.must('GET', nbPath(ns, 'runner'));
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toContain('foregroundDeletion');
    await admin.must('PATCH', dependentPath, { metadata: { finalizers: null } }, 'application/merge-patch+json');
    const pvc = await admin.must('GET', pvcPath(ns, 'runner-workspace'));
    expect(pvc.metadata.deletionTimestamp).toBeUndefined();
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    const missing = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/notebooks/ghost` });
    expect(missing.json()).toMatchObject({ status: 404, log: "Notebook 'ghost' not found." });
  });

  it('edit: resources and PVC volumes change, other volumes stay, limits follow the config', async () => {
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks/editme`,
      payload: {
        cpu: '1',
        memory: '2Gi',
        workspace: {
          mount: '/home/jovyan',
          existingSource: { persistentVolumeClaim: { claimName: 'editme-workspace' } },
        },
        datavols: [newPvc('{notebook-name}-extra', '/data', '2Gi')],
      },
    });
    expect(res.json()).toEqual({ success: true, status: 200, user: ALICE, message: 'Notebook updated successfully.' });
    const nb = await admin.must('GET', nbPath(ns, 'editme'));
    const spec = nb.spec.template.spec;
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '1.2', memory: '2458Mi' },
    });
    expect(spec.volumes).toEqual([
      { name: 'editme-workspace', persistentVolumeClaim: { claimName: 'editme-workspace' } },
      { name: 'editme-extra', persistentVolumeClaim: { claimName: 'editme-extra' } },
      { name: 'dshm', emptyDir: { medium: 'Memory' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'editme-workspace', mountPath: '/home/jovyan' },
      { name: 'editme-extra', mountPath: '/data' },
      { name: 'dshm', mountPath: '/dev/shm' },
    ]);
    await admin.must('GET', pvcPath(ns, 'editme-extra'));

    const onlyLimit = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks/editme`,
      payload: { cpuLimit: '3' },
    });
    expect(onlyLimit.statusCode).toBe(200);
    const after = (await admin.must('GET', nbPath(ns, 'editme'))).spec.template.spec;
    expect(after.containers[0].resources.requests).toEqual({ cpu: '1', memory: '2Gi' });
    expect(after.containers[0].resources.limits.cpu).toBe('3');
    expect(after.volumes).toHaveLength(3);

    const bad = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks/editme`,
      payload: {
        cpu: '4',
        cpuLimit: '2',
        datavols: [{ mount: '/dev/shm', existingSource: { persistentVolumeClaim: { claimName: 'missing' } } }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'cpuLimit',
      'datavols[0].mount',
      'datavols[0].existingSource.persistentVolumeClaim.claimName',
    ]);
    const ghost = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks/ghost`,
      payload: { cpu: '1' },
    });
    expect(ghost.json()).toMatchObject({ status: 404, log: "Notebook 'ghost' not found." });
  });

  it('keep-alive sets last-activity hours ahead; bounds and a stopped notebook are refused', async () => {
    const before = Date.now();
    const res = await requestAs(t.app, ALICE, {
      method: 'PATCH',
      url: `/api/namespaces/${ns}/notebooks/editme/keepalive/2`,
    });
    expect(res.statusCode).toBe(200);
    const until = Date.parse((await annotations('editme'))['notebooks.kubeflow.org/last-activity']);
    expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 2 * 3600_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);
    for (const hours of ['0', '25', 'x']) {
      const r = await requestAs(t.app, ALICE, {
        method: 'PATCH',
        url: `/api/namespaces/${ns}/notebooks/editme/keepalive/${hours}`,
      });
      expect([hours, r.statusCode]).toEqual([hours, 400]);
    }
    await patch('editme', { stopped: true });
    const stopped = await requestAs(t.app, ALICE, {
      method: 'PATCH',
      url: `/api/namespaces/${ns}/notebooks/editme/keepalive/1`,
    });
    expect(stopped.json()).toMatchObject({ status: 409, log: `Notebook ${ns}/editme is stopped.` });
  });

  it('createdefault builds the default notebook from config values once; defaultnotebook finds it', async () => {
    const none = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/defaultnotebook` });
    expect(none.json()).toMatchObject({ status: 404, log: 'No default notebook found.' });
    const res = await requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/createdefault` });
    expect(res.json()).toEqual({
      success: true,
      status: 200,
      user: ALICE,
      message: 'Notebook created successfully.',
      name: `${ns}-notebook`,
    });
    const nb = await admin.must('GET', nbPath(ns, `${ns}-notebook`));
    expect(nb.metadata.labels['notebook.statcan.gc.ca/default-notebook']).toBe('true');
    const container = nb.spec.template.spec.containers[0];
    expect(container).toMatchObject({
      image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '0.5', memory: '1.0Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
      env: [{ name: 'KF_LANG', value: 'en' }],
    });
    expect(nb.spec.template.spec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory' } }]);
    const again = await requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/createdefault` });
    expect(again.json()).toMatchObject({ status: 409, log: 'A default notebook already exists.' });
    const found = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/defaultnotebook` });
    expect(found.statusCode).toBe(200);
    expect(found.json().notebook).toMatchObject({ name: `${ns}-notebook`, serverType: 'jupyter', cpu: '0.5' });
  });
});
