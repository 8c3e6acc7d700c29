import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { loadSpawnerConfigFile } from '../../backend/src/config/spawner-config.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace, uniqueName } from '../support/cluster.ts';
import {
  eventAbout,
  notebookFromDetail,
  notebookFromListItem,
  notebookStatusFor,
  podDefaultFromFixture,
  podFromFixture,
  pvcFromDetail,
  pvcFromListItem,
} from '../support/fixture-objects.ts';
import { missingPaths, type AllowedDivergence } from '../support/fixture-shape.ts';
import { fixturePath, fixturesDir, readFixture } from '../support/fixtures.ts';
import { startKubeletStub } from '../support/kubelet-stub.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';

const ALICE = 'alice@example.com';

/**
 * The spec's documented divergences from the recorded fixtures (/work/shared/spec/api.md). Each path
 * is skipped with everything beneath it.
 */
const ENVELOPE_STATUS_IS_A_NUMBER: AllowedDivergence = {
  path: 'status',
  reason: 'api.md §1.1: `status` is the HTTP code as a number; the VWA fixtures record the string "200"',
};
const PVC_VIEWER_IS_AN_OBJECT: AllowedDivergence = {
  path: 'pvcs[].viewer',
  reason: 'api.md §3.3 route 16: `viewer` is `{status, url}` (status.md §3), not the bare VWA phase string',
};
const NO_SELF_LINK: AllowedDivergence = {
  path: 'notebooks[].metadata.selfLink',
  reason:
    'api.md §1.7: objects are returned as Kubernetes stores them; Kubernetes ≥1.20 no longer sets ' +
    'metadata.selfLink, which the upstream JWA fixture (recorded on an older cluster) still shows',
};
const POD_DEFAULT_NO_SELF_LINK: AllowedDivergence = { ...NO_SELF_LINK, path: 'poddefaults[].metadata.selfLink' };

function expectShape(
  fixture: unknown,
  ours: unknown,
  allowed: AllowedDivergence[] = [],
  dataMaps: string[] = [],
): void {
  expect(missingPaths(fixture, ours, allowed, dataMaps)).toEqual([]);
  // Every allow-list entry must still be needed: a stale entry would hide a future regression.
  const unallowed = missingPaths(fixture, ours, [], dataMaps);
  for (const a of allowed) {
    expect(
      unallowed.some((p) => p.path === a.path || p.path.startsWith(a.path)),
      `allow-list entry ${a.path} no longer needed`,
    ).toBe(true);
  }
}

function configFile(defaults: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fixture-config-')), 'spawner_ui_config.yaml');
  // JSON is YAML: the fixture's config object becomes the file's spawnerFormDefaults, quoted strings kept.
  writeFileSync(file, `spawnerFormDefaults: ${JSON.stringify(defaults)}\n`);
  return file;
}

const nbPath = (ns: string, name = '') => `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks${name ? `/${name}` : ''}`;
const pvcPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/persistentvolumeclaims${name ? `/${name}` : ''}`;
const MERGE = 'application/merge-patch+json';
const secondsFromNow = (s: number) => new Date(Date.now() + 1000 * s).toISOString().replace(/\.\d+Z$/, 'Z');

it('finds the frontend fixtures (FIXTURES_DIR or shared/fixtures beside the repository)', () => {
  expect(readFixture('statcan/config.json').success).toBe(true);
  expect(fixturesDir()).toMatch(/fixtures$/);
});

describe('sample spawner configs load and GET /api/config returns them as loaded', () => {
  for (const frontend of ['statcan', 'upstream-jwa']) {
    it(`${frontend}/spawner_ui_config.yaml`, async () => {
      const file = fixturePath(`${frontend}/spawner_ui_config.yaml`);
      const loaded = loadSpawnerConfigFile(file);
      const expected = parse(readFileSync(file, 'utf8'), { version: '1.1' }).spawnerFormDefaults;
      if (frontend === 'statcan') {
        // The one conversion: a label value YAML reads as a boolean is served as the string the
        // StatCan backend sent (statcan/config.json) and its UI compares with namespace labels.
        const labels = expected.imageGroupThree.enabledCondition.labels;
        expect(labels['state.aaw.statcan.gc.ca/exists-non-sas-notebook-user']).toBe(false);
        labels['state.aaw.statcan.gc.ca/exists-non-sas-notebook-user'] = 'false';
      }
      expect(loaded).toEqual(expected);
      const t = await startTestApp({ spawnerConfigFile: file });
      try {
        const res = await requestAs(t.app, null, { url: '/api/config' });
        expect(res.statusCode).toBe(200);
        expect(res.json().config).toEqual(expected);
        // Every field the frontend's recorded config shows and this sample sets has the recorded type.
        const recorded = readFixture(`${frontend}/config.json`);
        const typeProblems = missingPaths(recorded, res.json()).filter((p) => p.actual !== 'missing');
        expect(typeProblems).toEqual([]);
      } finally {
        await t.close();
      }
    });
  }
});

describe('GET /api/config carries the recorded config responses', () => {
  for (const frontend of ['statcan', 'upstream-jwa']) {
    it(`${frontend}/config.json: its config loads as a spawner config and comes back with the same shape`, async () => {
      const fixture = readFixture(`${frontend}/config.json`);
      const t = await startTestApp({ spawnerConfigFile: configFile(fixture.config) });
      try {
        const res = await requestAs(t.app, null, { url: '/api/config' });
        expect(res.statusCode).toBe(200);
        expectShape(fixture, res.json());
        expect(res.json().config).toEqual(fixture.config);
      } finally {
        await t.close();
      }
    });
  }
});

describe('read routes answer with every field the frontend fixtures show', () => {
  let t: TestApp;
  let admin: SandboxClient;
  let kubecost: StubServer;
  const costFixture = readFixture('statcan/cost.json');

  beforeAll(async () => {
    admin = clientAs('admin');
    kubecost = await startStubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(costFixture));
    });
    const dir = mkdtempSync(join(tmpdir(), 'fixture-viewer-'));
    const viewerSpec = join(dir, 'viewer-spec.yaml');
    writeFileSync(viewerSpec, 'podSpec:\n  containers:\n    - name: main\n      image: filebrowser/filebrowser:v2\n');
    t = await startTestApp({ env: { KUBECOST_URL: kubecost.url, VIEWER_SPEC_PATH: viewerSpec } });
  });
  afterAll(async () => {
    await t.close();
    await kubecost.close();
    await admin.close();
  });

  const get = (url: string) => requestAs(t.app, ALICE, { url });

  /** A notebook like a list item, in the state the controller would have it in for the item's phase. */
  async function seedNotebookInPhase(ns: string, item: any, index: number): Promise<void> {
    const phase = item.status.phase;
    const notebook = notebookFromListItem(item);
    if (phase === 'stopped') notebook.metadata.annotations['kubeflow-resource-stopped'] = '2022-10-07T09:50:48Z';
    if (phase === 'terminating') notebook.metadata.finalizers = ['example.com/keep-for-test'];
    await admin.must('POST', nbPath(ns), notebook);
    const status = notebookStatusFor(phase);
    await admin.must('PATCH', `${nbPath(ns, item.name)}/status`, { status }, MERGE);
    if (phase === 'terminating') await admin.must('DELETE', nbPath(ns, item.name));
    if (phase === 'warning' || phase === 'unavailable') {
      const about = { apiVersion: 'kubeflow.org/v1', kind: 'Notebook', name: item.name };
      const warning = { type: 'Warning', reason: 'FailedCreate', message: item.status.message };
      await admin.must(
        'POST',
        `/api/v1/namespaces/${ns}/events`,
        eventAbout(ns, `${item.name}.${index}`, about, warning, secondsFromNow(0)),
      );
    }
  }

  for (const file of ['statcan/notebooks.json', 'upstream-jwa/notebooks.json']) {
    it(`GET notebooks matches ${file}`, async () => {
      const fixture = readFixture(file);
      const ns = await testNamespace('fxnbs');
      for (const [i, item] of fixture.notebooks.entries()) {
        await seedNotebookInPhase(ns, item, i);
      }
      const res = await get(`/api/namespaces/${ns}/notebooks`);
      expect(res.statusCode).toBe(200);
      // Seeded in the fixture's phase, each notebook gets the fixture's phase from our status rules
      // ('unavailable' is a PVC/viewer phase no notebook gets: status.md §1).
      const phases = (items: any[]) =>
        Object.fromEntries(items.map((n) => [n.name, n.status.phase === 'unavailable' ? 'warning' : n.status.phase]));
      expect(phases(res.json().notebooks)).toEqual(phases(fixture.notebooks));
      expectShape(fixture, res.json(), file.startsWith('upstream') ? [NO_SELF_LINK] : []);
    });
  }

  for (const file of ['statcan/notebook.json', 'statcan/runningNotebook.json']) {
    it(`GET notebook matches ${file}`, async () => {
      const fixture = readFixture(file);
      const ns = await testNamespace('fxnb');
      const name = fixture.notebook.metadata.name;
      await admin.must('POST', nbPath(ns), notebookFromDetail(fixture.notebook));
      await admin.must('PATCH', `${nbPath(ns, name)}/status`, { status: fixture.notebook.status }, MERGE);
      const res = await get(`/api/namespaces/${ns}/notebooks/${name}`);
      expect(res.statusCode).toBe(200);
      expectShape(fixture, res.json());
    });
  }

  it('GET notebook pod, logs and events match statcan/notebookPod.json, notebookLogs.json, notebookEvents.json', async () => {
    const podFixture = readFixture('statcan/notebookPod.json');
    const eventsFixture = readFixture('statcan/notebookEvents.json');
    const logsFixture = readFixture('statcan/notebookLogs.json');
    const ns = await testNamespace('fxpod');
    const nb = podFixture.pod.metadata.labels['notebook-name'];
    const kubelet = await startKubeletStub(admin, uniqueName('fixture-node'), (podNs, _pod, container) =>
      podNs === ns && container === nb ? `${logsFixture.logs.join('\n')}\n` : undefined,
    );
    try {
      await admin.must('POST', nbPath(ns), notebookFromListItem({ name: nb, serverType: 'jupyter' }));
      const pod = podFromFixture(podFixture.pod);
      // The fixture is anonymised (container "test123"); on a cluster the notebook container is named
      // after the notebook (notebook-from-form.md §5.10), and the logs route reads that container.
      pod.spec.containers = pod.spec.containers.map((c: any) => (c.name === 'istio-proxy' ? c : { ...c, name: nb }));
      pod.spec.nodeName = kubelet.nodeName;
      await admin.must('POST', `/api/v1/namespaces/${ns}/pods`, pod);
      for (const [i, e] of eventsFixture.events.entries()) {
        const about = { apiVersion: 'kubeflow.org/v1', kind: 'Notebook', name: nb };
        await admin.must(
          'POST',
          `/api/v1/namespaces/${ns}/events`,
          eventAbout(ns, `${nb}.${i}`, about, e, secondsFromNow(i)),
        );
      }

      const podRes = await get(`/api/namespaces/${ns}/notebooks/${nb}/pod`);
      expect(podRes.statusCode).toBe(200);
      expectShape(podFixture, podRes.json());

      const eventsRes = await get(`/api/namespaces/${ns}/notebooks/${nb}/events`);
      expect(eventsRes.statusCode).toBe(200);
      expect(eventsRes.json().events).toHaveLength(eventsFixture.events.length);
      expectShape(eventsFixture, eventsRes.json());

      const logsRes = await get(`/api/namespaces/${ns}/notebooks/${nb}/pod/${pod.metadata.name}/logs`);
      expect(logsRes.statusCode).toBe(200);
      // StatCan keeps the trailing "" of a final newline; we drop it (api.md §3.2 route 12).
      expect(logsRes.json().logs).toEqual(logsFixture.logs);
      expectShape(logsFixture, logsRes.json());
    } finally {
      await kubelet.close();
    }
  });

  for (const file of ['statcan/pvcs.json', 'upstream-vwa/pvcs.json']) {
    it(`GET pvcs matches ${file}`, async () => {
      const fixture = readFixture(file);
      const ns = await testNamespace('fxpvcs');
      for (const item of fixture.pvcs) {
        const { pvc, status } = pvcFromListItem(item);
        await admin.must('POST', pvcPath(ns), pvc);
        await admin.must('PATCH', `${pvcPath(ns, item.name)}/status`, { status }, MERGE);
        if (item.status.state === 'WaitForFirstConsumer') {
          const about = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: item.name };
          const event = { type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer' };
          await admin.must(
            'POST',
            `/api/v1/namespaces/${ns}/events`,
            eventAbout(ns, `${item.name}.wait`, about, event, secondsFromNow(0)),
          );
        }
        for (const nb of item.notebooks) {
          await admin.must(
            'POST',
            nbPath(ns),
            notebookFromListItem({ name: nb, serverType: 'jupyter', volumes: [item.name] }),
          );
        }
        if (item.viewer === 'ready' || item.viewer === 'waiting') {
          const viewers = `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/pvcviewers`;
          await admin.must('POST', viewers, {
            apiVersion: 'kubeflow.org/v1alpha1',
            kind: 'PVCViewer',
            metadata: { name: item.name },
            spec: { pvc: item.name, podSpec: { containers: [{ name: 'main', image: 'filebrowser' }] } },
          });
          const ready = item.viewer === 'ready';
          const viewerStatus = ready ? { ready, url: `/pvcviewers/${ns}/${item.name}/` } : { ready };
          await admin.must('PATCH', `${viewers}/${item.name}/status`, { status: viewerStatus }, MERGE);
        }
      }
      const res = await get(`/api/namespaces/${ns}/pvcs`);
      expect(res.statusCode).toBe(200);
      expect(res.json().pvcs).toHaveLength(fixture.pvcs.length);
      expectShape(fixture, res.json(), [ENVELOPE_STATUS_IS_A_NUMBER, PVC_VIEWER_IS_AN_OBJECT]);
      // The VWA's viewer string is our viewer.status; a waiting-for-first-consumer claim is unavailable.
      const byName = new Map(res.json().pvcs.map((p: any) => [p.name, p]));
      for (const item of fixture.pvcs) {
        const ours: any = byName.get(item.name);
        if (item.viewer) expect(ours.viewer.status, item.name).toBe(item.viewer);
        if (item.status.state === 'WaitForFirstConsumer') expect(ours.status.phase, item.name).toBe('unavailable');
      }
    });
  }

  it('GET pvc, its pods and its events match statcan/pvc.json, pvcPods.json, pvcEvents.json', async () => {
    const pvcFixture = readFixture('statcan/pvc.json');
    const podsFixture = readFixture('statcan/pvcPods.json');
    const eventsFixture = readFixture('statcan/pvcEvents.json');
    const ns = await testNamespace('fxpvc');
    const name = pvcFixture.pvc.metadata.name;
    await admin.must('POST', pvcPath(ns), pvcFromDetail(pvcFixture.pvc));
    await admin.must('PATCH', `${pvcPath(ns, name)}/status`, { status: pvcFixture.pvc.status }, MERGE);
    for (const nb of pvcFixture.notebooks) {
      await admin.must('POST', nbPath(ns), notebookFromListItem({ name: nb, serverType: 'jupyter', volumes: [name] }));
    }
    for (const [i, p] of podsFixture.pods.entries()) {
      await admin.must('POST', `/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${p.metadata.labels['notebook-name']}-${i}`, labels: p.metadata.labels },
        spec: {
          containers: [
            { name: 'main', image: 'example/notebook:1', volumeMounts: [{ name, mountPath: '/home/jovyan' }] },
          ],
          volumes: [{ name, persistentVolumeClaim: { claimName: name } }],
        },
      });
    }
    for (const [i, e] of eventsFixture.events.entries()) {
      const about = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name };
      await admin.must(
        'POST',
        `/api/v1/namespaces/${ns}/events`,
        eventAbout(ns, `${name}.${i}`, about, e, secondsFromNow(i)),
      );
    }

    const pvcRes = await get(`/api/namespaces/${ns}/pvcs/${name}`);
    expect(pvcRes.statusCode).toBe(200);
    expectShape(pvcFixture, pvcRes.json());

    const podsRes = await get(`/api/namespaces/${ns}/pvcs/${name}/pods`);
    expect(podsRes.statusCode).toBe(200);
    expectShape(podsFixture, podsRes.json());

    const eventsRes = await get(`/api/namespaces/${ns}/pvcs/${name}/events`);
    expect(eventsRes.statusCode).toBe(200);
    expectShape(eventsFixture, eventsRes.json());
  });

  for (const file of ['statcan/poddefaults.json', 'statcan/podDefaults.json', 'upstream-jwa/poddefaults.json']) {
    it(`GET poddefaults matches ${file}`, async () => {
      const fixture = readFixture(file);
      const ns = await testNamespace('fxpd');
      for (const item of fixture.poddefaults) {
        await admin.must(
          'POST',
          `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`,
          podDefaultFromFixture(item),
        );
      }
      const res = await get(`/api/namespaces/${ns}/poddefaults`);
      expect(res.statusCode).toBe(200);
      const selfLinked = fixture.poddefaults.some((p: any) => p.metadata.selfLink);
      expectShape(fixture, res.json(), selfLinked ? [POD_DEFAULT_NO_SELF_LINK] : []);
      // The form selects configurations by `label` and shows `desc`: same values as recorded.
      const ours = res.json().poddefaults.map((p: any) => ({ label: p.label, desc: p.desc }));
      const recorded = fixture.poddefaults.map((p: any) => ({
        label: p.label ?? Object.keys(p.spec.selector.matchLabels)[0],
        desc: p.desc ?? p.spec.desc,
      }));
      expect(ours).toEqual(recorded);
    });
  }

  for (const file of ['statcan/namespaces.json', 'upstream-jwa/namespaces.json', 'upstream-vwa/namespaces.json']) {
    it(`GET namespaces matches ${file}`, async () => {
      await testNamespace('fxns');
      const res = await get('/api/namespaces');
      expect(res.statusCode).toBe(200);
      expectShape(readFixture(file), res.json());
    });
  }

  it('GET namespace matches statcan/namespaceMetadata.json', async () => {
    const fixture = readFixture('statcan/namespaceMetadata.json');
    const labels = { ...fixture.namespace.metadata.labels };
    delete labels['kubernetes.io/metadata.name']; // set by the API server
    const ns = await testNamespace('fxmeta', undefined, labels);
    const res = await get(`/api/namespaces/${ns}`);
    expect(res.statusCode).toBe(200);
    expectShape(fixture, res.json());
  });

  it('GET cost allocation matches statcan/cost.json, passed through from Kubecost without an envelope', async () => {
    const ns = await testNamespace('fxcost');
    const res = await get(`/api/namespaces/${ns}/cost/allocation?window=today&aggregation=namespace&namespace=${ns}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('success');
    expectShape(costFixture, res.json());
  });
});

/**
 * The body each frontend's form sends for its config's defaults (notebook-from-form.md §3, §7): the
 * form starts from the config values and converts them as its submit code does.
 */
function statcanFormBody(config: any, ns: string, name: string, existingClaim: string): Record<string, unknown> {
  const gi = (v: unknown) => `${Number(String(v).replace('Gi', ''))}Gi`;
  return {
    name,
    namespace: ns,
    image: config.image.value,
    allowCustomImage: config.allowCustomImage,
    imagePullPolicy: config.imagePullPolicy.value,
    customImage: '',
    customImageCheck: false,
    betaImageCheck: false,
    serverType: 'jupyter',
    cpu: String(Number(config.cpu.value)),
    cpuLimit: String(Number(config.cpu.limitValue)),
    memory: gi(config.memory.value),
    memoryLimit: gi(config.memory.limitValue),
    gpus: { vendor: config.gpus.value.vendor, num: config.gpus.value.num },
    workspace: config.workspaceVolume.value,
    affinityConfig: config.affinityConfig.value,
    tolerationGroup: config.tolerationGroup.value,
    datavols: [
      { mount: '/home/jovyan/shared', existingSource: { persistentVolumeClaim: { claimName: existingClaim } } },
    ],
    configurations: config.configurations.value ?? null,
    language: 'en',
    prob: false,
  };
}

function upstreamFormBody(config: any, ns: string, name: string): Record<string, unknown> {
  const factor = Number(config.cpu.limitFactor);
  const cpu = Number(config.cpu.value);
  const memory = Number(String(config.memory.value).replace('Gi', ''));
  const workspace = structuredClone(config.workspaceVolume.value);
  workspace.newPvc.metadata.name = workspace.newPvc.metadata.name.replace('{notebook-name}', name);
  return {
    name,
    namespace: ns,
    image: config.image.value,
    imageGroupOne: config.imageGroupOne.value,
    imageGroupTwo: config.imageGroupTwo.value,
    allowCustomImage: config.allowCustomImage,
    imagePullPolicy: config.imagePullPolicy.value,
    customImage: '',
    customImageCheck: false,
    serverType: 'jupyter',
    cpu: String(cpu),
    cpuLimit: Number.isNaN(factor) ? '' : (cpu * factor).toFixed(1),
    memory: `${memory}Gi`,
    memoryLimit: Number.isNaN(factor) ? '' : `${(memory * factor).toFixed(1)}Gi`,
    gpus: { vendor: config.gpus.value.vendor, num: config.gpus.value.num },
    workspace,
    affinityConfig: config.affinityConfig.value,
    tolerationGroup: config.tolerationGroup.value,
    datavols: [
      {
        mount: '/home/jovyan/vol-1',
        newPvc: {
          metadata: { name: `${name}-datavol-1` },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
        },
      },
    ],
    shm: config.shm.value,
    configurations: config.configurations.value,
  };
}

describe("POST notebooks accepts each frontend's form body against its own config", () => {
  let admin: SandboxClient;
  beforeAll(() => {
    admin = clientAs('admin');
  });
  afterAll(async () => admin.close());

  const cases = [
    { frontend: 'statcan', source: 'spawner_ui_config.yaml' },
    { frontend: 'statcan', source: 'config.json' },
    { frontend: 'upstream-jwa', source: 'spawner_ui_config.yaml' },
    { frontend: 'upstream-jwa', source: 'config.json' },
  ];
  for (const { frontend, source } of cases) {
    it(`${frontend} form with ${frontend}/${source}`, async () => {
      const file =
        source === 'config.json'
          ? configFile(readFixture(`${frontend}/config.json`).config)
          : fixturePath(`${frontend}/${source}`);
      const config = loadSpawnerConfigFile(file) as any;
      const t = await startTestApp({ spawnerConfigFile: file });
      try {
        const ns = await testNamespace('fxpost');
        const name = 'form-nb';
        let body: Record<string, unknown>;
        if (frontend === 'statcan') {
          await admin.must('POST', pvcPath(ns), {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'shared-data' },
            spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
          });
          body = statcanFormBody(config, ns, name, 'shared-data');
        } else {
          body = upstreamFormBody(config, ns, name);
        }
        // The CSRF pair the frontend's own end-to-end tests send (settings.json postHeaders).
        const { postHeaders } = readFixture(`${frontend}/settings.json`);
        const headers = Object.fromEntries(
          Object.entries(postHeaders as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
        );
        expect(Object.keys(headers).sort()).toEqual(['cookie', 'x-xsrf-token']);
        const res = await requestAs(t.app, ALICE, {
          method: 'POST',
          url: `/api/namespaces/${ns}/notebooks`,
          payload: body,
          headers,
        });
        expect(res.json()).toEqual({
          success: true,
          status: 200,
          user: ALICE,
          message: 'Notebook created successfully.',
        });
        const created = await admin.must('GET', nbPath(ns, name));
        expect(created.spec.template.spec.containers[0].image).toBe(config.image.value);

        // What the frontend's list then shows has every field of its recorded list.
        const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` });
        // Labels and annotations are the fixture notebooks' own data here, not fields of the item.
        const dataMaps = ['notebooks[].labels', 'notebooks[].metadata.labels', 'notebooks[].metadata.annotations'];
        const allowed = frontend === 'upstream-jwa' ? [NO_SELF_LINK] : [];
        expectShape(readFixture(`${frontend}/notebooks.json`), list.json(), allowed, dataMaps);
      } finally {
        await t.close();
      }
    });
  }
});
