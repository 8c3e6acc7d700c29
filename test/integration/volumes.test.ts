import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const MALLORY = 'mallory@example.com';

const VIEWER_TEMPLATE = `
podSpec:
  containers:
    - name: main
      image: filebrowser/filebrowser:v2
      env:
        - name: FB_BASEURL
          value: /pvcviewers/$NAMESPACE/\${PVC_NAME}/
        - name: KEEP
          value: $UNKNOWN_VARIABLE_FOR_TEST
  volumes:
    - name: viewer-volume
      persistentVolumeClaim:
        claimName: $NAME
networking:
  targetPort: 8080
  basePrefix: /pvcviewers
rwoScheduling: true
`;

type Admin = ReturnType<typeof clientAs>;

function pvcBody(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec };
}

async function createEvent(
  admin: Admin,
  ns: string,
  name: string,
  about: { kind: string; name: string },
  fields: { type: string; reason: string; message: string; at: string },
) {
  await admin.must('POST', `/api/v1/namespaces/${ns}/events`, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { kind: about.kind, name: about.name, namespace: ns, apiVersion: 'v1' },
    type: fields.type,
    reason: fields.reason,
    message: fields.message,
    firstTimestamp: fields.at,
    lastTimestamp: fields.at,
    count: 1,
    source: { component: 'test' },
  });
}

async function createPod(admin: Admin, ns: string, name: string, claim: string, labels: Record<string, string> = {}) {
  await admin.must('POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      containers: [{ name: 'main', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
    },
  });
}

async function createViewer(admin: Admin, ns: string, name: string, pvc: string, status?: Record<string, unknown>) {
  await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers`, {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PVCViewer',
    metadata: { name },
    spec: { pvc, podSpec: { containers: [{ name: 'main', image: 'filebrowser' }] } },
  });
  if (status) {
    await admin.must(
      'PATCH',
      `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers/${name}/status`,
      { status },
      'application/merge-patch+json',
    );
  }
}

describe('volumes routes', () => {
  let t: TestApp;
  let ns: string;
  let admin: Admin;
  const now = Date.now();
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viewer-spec-'));
    const templatePath = join(dir, 'viewer-spec.yaml');
    writeFileSync(templatePath, VIEWER_TEMPLATE);
    t = await startTestApp({ env: { VIEWER_SPEC_PATH: templatePath } });
    ns = await testNamespace('vol');
    admin = clientAs('admin');
    const pvcs = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
    await admin.must(
      'POST',
      pvcs,
      pvcBody('bound', {
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
        resources: { requests: { storage: '5Gi' } },
        storageClassName: 'standard',
      }),
    );
    await admin.must(
      'PATCH',
      `${pvcs}/bound/status`,
      { status: { phase: 'Bound', capacity: { storage: '8Gi' }, accessModes: ['ReadWriteOnce'] } },
      'application/merge-patch+json',
    );
    await admin.must(
      'POST',
      pvcs,
      pvcBody('no-class', {
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: '',
      }),
    );
    for (const name of ['failing', 'first-consumer', 'provisioning', 'normal-event', 'viewer-only']) {
      await admin.must(
        'POST',
        pvcs,
        pvcBody(name, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } }),
      );
    }
    const about = (name: string) => ({ kind: 'PersistentVolumeClaim', name });
    await createEvent(admin, ns, 'failing.old', about('failing'), {
      type: 'Normal',
      reason: 'Provisioning',
      message: 'old provisioning',
      at: ago(60),
    });
    await createEvent(admin, ns, 'failing.new', about('failing'), {
      type: 'Warning',
      reason: 'ProvisioningFailed',
      message: 'quota exceeded',
      at: ago(5),
    });
    await createEvent(admin, ns, 'first-consumer.1', about('first-consumer'), {
      type: 'Normal',
      reason: 'WaitForFirstConsumer',
      message: 'waiting for first consumer to be created before binding',
      at: ago(3),
    });
    await createEvent(admin, ns, 'provisioning.1', about('provisioning'), {
      type: 'Normal',
      reason: 'Provisioning',
      message: 'External provisioner is provisioning volume',
      at: ago(3),
    });
    await createEvent(admin, ns, 'normal-event.1', about('normal-event'), {
      type: 'Normal',
      reason: 'ExternalProvisioning',
      message: 'waiting for a volume to be created',
      at: ago(3),
    });
    await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`, {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name: 'nb-b' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'nb-b', image: 'jupyter' }],
            volumes: [
              { name: 'ws', persistentVolumeClaim: { claimName: 'bound' } },
              { name: 'dshm', emptyDir: { medium: 'Memory' } },
            ],
          },
        },
      },
    });
    await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`, {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name: 'nb-a' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'nb-a', image: 'jupyter' }],
            volumes: [{ name: 'ws', persistentVolumeClaim: { claimName: 'bound' } }],
          },
        },
      },
    });
    await createViewer(admin, ns, 'bound', 'bound', { ready: true, url: `/pvcviewers/${ns}/bound/` });
    await createViewer(admin, ns, 'failing', 'failing');
    await createPod(admin, ns, 'nb-a-0', 'bound', { 'notebook-name': 'nb-a' });
    await createPod(admin, ns, 'other-0', 'bound');
    await createViewer(admin, ns, 'viewer-only', 'viewer-only');
    await createPod(admin, ns, 'viewer-only-abc', 'viewer-only', { 'app.kubernetes.io/name': 'viewer-only' });
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  it('lists every PVC with the volume-table fields, statuses from their events, users and viewers', async () => {
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.success).toBe(true);
    const items = body.pvcs as Record<string, any>[];
    expect(items.map((i) => i.name)).toEqual([
      'bound',
      'failing',
      'first-consumer',
      'no-class',
      'normal-event',
      'provisioning',
      'viewer-only',
    ]);
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName.bound).toMatchObject({
      namespace: ns,
      size: '5Gi',
      capacity: '8Gi',
      mode: 'ReadWriteOnce',
      modes: ['ReadWriteOnce', 'ReadOnlyMany'],
      class: 'standard',
      status: { phase: 'ready', key: 'pvcBound', message: 'Bound', state: '', eventMessage: '' },
      notebooks: ['nb-a', 'nb-b'],
      labels: {},
      viewer: { status: 'ready', url: `/pvcviewers/${ns}/bound/` },
      usage: '',
      usedBytes: '',
    });
    expect(Date.parse(byName.bound.age)).toBeGreaterThan(0);
    // Unbound: capacity falls back to the requested size.
    expect(byName['no-class']).toMatchObject({ capacity: '1Gi', class: '', mode: 'ReadWriteMany', notebooks: [] });
    expect(byName['no-class'].status).toEqual({
      phase: 'waiting',
      key: 'pvcProvisioning',
      message: 'Provisioning Volume...',
      state: '',
      eventMessage: '',
    });
    // The admission plugin gave the class-less claims the default class.
    expect(byName.failing.class).toBe('standard');
    expect(byName.failing.status).toEqual({
      phase: 'warning',
      key: 'pvcPending',
      message: 'Pending: quota exceeded',
      state: 'ProvisioningFailed',
      eventMessage: 'quota exceeded',
    });
    expect(byName.failing.viewer).toEqual({ status: 'waiting', url: null });
    expect(byName['first-consumer'].status).toMatchObject({
      phase: 'unavailable',
      key: 'pvcPendingUnavailable',
      state: 'WaitForFirstConsumer',
    });
    expect(byName.provisioning.status).toMatchObject({ phase: 'waiting', key: 'pvcPending', state: 'Provisioning' });
    expect(byName['normal-event'].status).toMatchObject({
      phase: 'ready',
      key: 'pvcPending',
      message: 'Pending: waiting for a volume to be created',
    });
    expect(byName['no-class'].viewer).toEqual({ status: 'uninitialized', url: null });
  });

  it('gets one PVC with the notebooks using it, and 404 for an unknown one', async () => {
    const res = await requestAs(t.app, BOB, { url: `/api/namespaces/${ns}/pvcs/bound` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.notebooks).toEqual(['nb-a', 'nb-b']);
    expect(body.pvc.kind).toBe('PersistentVolumeClaim');
    expect(body.pvc.apiVersion).toBe('v1');
    expect(body.pvc.metadata.name).toBe('bound');
    expect(body.pvc.metadata.managedFields).toBeUndefined();
    const missing = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/nope` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, status: 404, log: "PVC 'nope' not found." });
  });

  it('lists the pods that mount a PVC, sorted, and [] for an unused one', async () => {
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/bound/pods` });
    expect(res.statusCode).toBe(200);
    const pods = res.json().pods as { kind: string; metadata: Record<string, unknown> }[];
    expect(pods.map((p) => p.metadata.name)).toEqual(['nb-a-0', 'other-0']);
    expect(pods[0]!.kind).toBe('Pod');
    expect(pods.every((p) => p.metadata.managedFields === undefined)).toBe(true);
    const none = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/no-class/pods` });
    expect(none.json().pods).toEqual([]);
  });

  it("lists a PVC's events newest first, [] for an unknown PVC", async () => {
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/failing/events` });
    expect(res.statusCode).toBe(200);
    const events = res.json().events as { reason: string; metadata: Record<string, unknown> }[];
    expect(events.map((e) => e.reason)).toEqual(['ProvisioningFailed', 'Provisioning']);
    expect(
      events.every((e) => e.metadata.managedFields === undefined && (e as { kind?: string }).kind === 'Event'),
    ).toBe(true);
    const unknown = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/nope/events` });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json().events).toEqual([]);
  });

  describe('POST /api/namespaces/:ns/pvcs', () => {
    const post = (payload: unknown, user = ALICE) =>
      requestAs(t.app, user, { method: 'POST', url: `/api/namespaces/${ns}/pvcs`, payload: payload as object });

    it('lists every problem of a bad body', async () => {
      const res = await post({
        name: 'Bad_Name',
        namespace: 'other',
        type: 'snapshot',
        size: '-1',
        class: '',
        mode: 'RW',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual([
        'name',
        'namespace',
        'type',
        'size',
        'mode',
        'class',
      ]);
      expect(body.log).toMatch(/^Invalid request: 6 problem\(s\): /);
    });

    it('refuses a StorageClass that does not exist', async () => {
      const res = await post({
        name: 'ghost-class',
        type: 'empty',
        size: '1Gi',
        class: 'missing-class',
        mode: 'ReadWriteOnce',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'class', message: "StorageClass 'missing-class' does not exist." }]);
    });

    it('creates PVCs for a named class, {none} and {empty}; a bare size means Gi', async () => {
      for (const [name, cls] of [
        ['named', 'standard'],
        ['none-class', '{none}'],
        ['empty-class', '{empty}'],
      ] as const) {
        const res = await post({
          name,
          namespace: ns,
          type: 'empty',
          size: name === 'named' ? 3 : '500Mi',
          class: cls,
          mode: 'ReadWriteOnce',
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ success: true, status: 200, user: ALICE, message: 'PVC created successfully.' });
      }
      const get = (name: string) => admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
      const named = await get('named');
      expect(named.spec).toMatchObject({ storageClassName: 'standard', accessModes: ['ReadWriteOnce'] });
      expect(named.spec.resources.requests.storage).toBe('3Gi');
      expect(named.metadata.ownerReferences).toBeUndefined();
      expect((await get('none-class')).spec.storageClassName).toBe('');
      // Omitted: the API server's DefaultStorageClass admission filled in the cluster default.
      expect((await get('empty-class')).spec.storageClassName).toBe('standard');
    });

    it('answers 409 for a taken name and 403 for a viewer', async () => {
      const taken = await post({ name: 'bound', type: 'empty', size: '1Gi', class: '{empty}', mode: 'ReadWriteOnce' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().log).toBe("PVC 'bound' already exists.");
      const denied = await post(
        { name: 'by-bob', type: 'empty', size: '1Gi', class: '{empty}', mode: 'ReadWriteOnce' },
        BOB,
      );
      expect(denied.statusCode).toBe(403);
      expect(denied.json().log).toBe(
        `User '${BOB}' is not authorized to create v1/persistentvolumeclaims in namespace '${ns}'`,
      );
    });
  });

  describe('DELETE /api/namespaces/:ns/pvcs/:pvc', () => {
    it('refuses while a non-viewer pod mounts the claim, naming the pods', async () => {
      const res = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/bound` });
      expect(res.statusCode).toBe(409);
      expect(res.json().log).toBe("Cannot delete PVC 'bound' because it is being used by pods: [nb-a-0, other-0]");
      const still = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/bound`);
      expect(still.metadata.deletionTimestamp).toBeUndefined();
    });

    it('deletes a claim only a viewer pod mounts, removing that viewer first', async () => {
      const res = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/viewer-only` });
      expect(res.statusCode).toBe(200);
      expect(res.json().message).toBe('PVC viewer-only successfully deleted.');
      const viewer = await admin.call('GET', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers/viewer-only`);
      expect(viewer.status === 404 || viewer.json?.metadata?.deletionTimestamp !== undefined).toBe(true);
      // The pvc-protection finalizer keeps it (no controller here): it lists as terminating.
      const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
      const item = (list.json().pvcs as { name: string; status: { phase: string; key: string } }[]).find(
        (p) => p.name === 'viewer-only',
      );
      if (item) expect(item.status).toMatchObject({ phase: 'terminating', key: 'pvcDeleting' });
    });

    it('answers 404 for an unknown PVC and 403 for a viewer', async () => {
      const missing = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/nope` });
      expect(missing.statusCode).toBe(404);
      const denied = await requestAs(t.app, BOB, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/no-class` });
      expect(denied.statusCode).toBe(403);
    });

    it('deletes an unused PVC with foreground propagation', async () => {
      const res = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/no-class` });
      expect(res.statusCode).toBe(200);
      const gone = await admin.call('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/no-class`);
      expect(gone.status === 404 || gone.json.metadata.deletionTimestamp !== undefined).toBe(true);
    });
  });

  describe('PVC viewers', () => {
    it('creates a viewer from the template with variables substituted', async () => {
      const res = await requestAs(t.app, ALICE, {
        method: 'POST',
        url: `/api/namespaces/${ns}/viewers`,
        payload: { name: 'provisioning' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().message).toBe('PVCViewer created successfully.');
      const viewer = await admin.must('GET', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers/provisioning`);
      expect(viewer.spec.pvc).toBe('provisioning');
      const container = viewer.spec.podSpec.containers[0];
      expect(container.env).toEqual([
        { name: 'FB_BASEURL', value: `/pvcviewers/${ns}/provisioning/` },
        { name: 'KEEP', value: '$UNKNOWN_VARIABLE_FOR_TEST' },
      ]);
      expect(viewer.spec.podSpec.volumes[0].persistentVolumeClaim.claimName).toBe('provisioning');
      expect(viewer.spec.rwoScheduling).toBe(true);
    });

    it('answers 409 for an existing viewer, 404 for an unknown PVC, 400 without a name', async () => {
      const post = (payload: object) =>
        requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/viewers`, payload });
      expect((await post({ name: 'bound' })).statusCode).toBe(409);
      const unknown = await post({ name: 'nope' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().log).toBe("PVC 'nope' not found.");
      expect((await post({})).statusCode).toBe(400);
    });

    it('deletes a viewer, 404 when unknown', async () => {
      const res = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/viewers/failing` });
      expect(res.statusCode).toBe(200);
      expect(res.json().message).toBe('Viewer failing successfully deleted.');
      const again = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/viewers/never` });
      expect(again.statusCode).toBe(404);
    });

    it('answers 404 "PVC viewers are not enabled." without a template', async () => {
      const off = await startTestApp({ env: { VIEWER_SPEC_PATH: '/nonexistent/viewer-spec.yaml' } });
      try {
        const res = await requestAs(off.app, ALICE, {
          method: 'POST',
          url: `/api/namespaces/${ns}/viewers`,
          payload: { name: 'bound' },
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().log).toBe('PVC viewers are not enabled.');
        const list = await requestAs(off.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
        const bound = (list.json().pvcs as { name: string; viewer: unknown }[]).find((p) => p.name === 'bound');
        expect(bound?.viewer).toEqual({ status: 'uninitialized', url: null });
      } finally {
        await off.close();
      }
    });
  });

  it('refuses users without rights and requests without a user', async () => {
    const res = await requestAs(t.app, MALLORY, { url: `/api/namespaces/${ns}/pvcs` });
    expect(res.statusCode).toBe(403);
    expect(res.json().log).toBe(
      `User '${MALLORY}' is not authorized to list v1/persistentvolumeclaims in namespace '${ns}'`,
    );
    expect((await requestAs(t.app, null, { url: `/api/namespaces/${ns}/pvcs/bound/pods` })).statusCode).toBe(401);
    const bad = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/Bad_Name` });
    expect(bad.statusCode).toBe(400);
  });
});
