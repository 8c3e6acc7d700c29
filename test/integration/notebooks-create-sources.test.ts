import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { nbPath } from './notebooks-fixtures.ts';
import { fixturePath } from '../support/fixtures.ts';

const ALICE = 'alice@example.com';
/** The two frontends' sample spawner configs, read from the shared fixtures (not copied here). */
const SPAWNER_FIXTURES = {
  'statcan.yaml': fixturePath('statcan/spawner_ui_config.yaml'),
  'upstream-jwa.yaml': fixturePath('upstream-jwa/spawner_ui_config.yaml'),
};

describe('POST notebooks: generateName, other sources, server types, group gating', () => {
  let t: TestApp;
  let admin: SandboxClient;

  beforeAll(async () => {
    t = await startTestApp({ spawnerConfigFile: SPAWNER_FIXTURES['statcan.yaml'] });
    admin = clientAs('admin');
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  const post = (ns: string, payload: object) =>
    requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/notebooks`, payload });

  it('a generateName PVC gets its real name into the Notebook; configMap and emptyDir sources mount', async () => {
    const ns = await testNamespace('nbgen');
    const res = await post(ns, {
      name: 'gen',
      workspace: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { generateName: '{notebook-name}-ws-' },
          spec: { resources: { requests: { storage: '1Gi' } } },
        },
      },
      datavols: [
        { mount: '/etc/team', existingSource: { configMap: { name: 'team-settings' } } },
        { mount: '/scratch', existingSource: { emptyDir: {} } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const pvcs = (await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`)).items;
    expect(pvcs).toHaveLength(1);
    const claim = pvcs[0].metadata.name as string;
    expect(claim).toMatch(/^gen-ws-[a-z0-9]{5}$/);
    const spec = (await admin.must('GET', nbPath(ns, 'gen'))).spec.template.spec;
    expect(spec.volumes[0]).toEqual({ name: claim, persistentVolumeClaim: { claimName: claim } });
    expect(spec.volumes[1]).toMatchObject({ configMap: { name: 'team-settings' } });
    expect(spec.volumes[1].name).toMatch(/^existing-source-volume-[a-z0-9]{8}$/);
    expect(spec.volumes[2]).toMatchObject({ emptyDir: {} });
    expect(spec.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([
      '/home/jovyan',
      '/etc/team',
      '/scratch',
    ]);
  });

  it('server types: VS Code rewrite annotation; SAS gated by namespace labels with the translated message', async () => {
    const open = await testNamespace('nbsas', undefined, {
      'state.aaw.statcan.gc.ca/exists-non-sas-notebook-user': 'false',
    });
    const vscode = await post(open, { name: 'code', serverType: 'group-one' });
    expect(vscode.statusCode).toBe(200);
    const annotations = (await admin.must('GET', nbPath(open, 'code'))).metadata.annotations;
    expect(annotations['notebooks.kubeflow.org/server-type']).toBe('group-one');
    expect(annotations['notebooks.kubeflow.org/http-rewrite-uri']).toBe('/');
    expect(annotations['notebooks.kubeflow.org/http-headers-request-set']).toBeUndefined();
    expect((await post(open, { name: 'sas', serverType: 'group-three' })).statusCode).toBe(200);
    expect((await admin.must('GET', nbPath(open, 'sas'))).spec.template.spec.containers[0].image).toBe(
      'k8scc01covidacr.azurecr.io/sas:v1',
    );

    const closed = await testNamespace('nbnosas', undefined, {
      'state.aaw.statcan.gc.ca/exists-non-sas-notebook-user': 'true',
    });
    const refused = await post(closed, { name: 'sas', serverType: 'group-three', language: 'fr' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: 'serverType', message: "SAS n'est pas disponible lorsque des non-employés ont accès à ce profil." },
    ]);
    const custom = await post(closed, { name: 'custom', customImage: 'my.registry/team/image:1' });
    expect(custom.statusCode).toBe(200);
    expect((await admin.must('GET', nbPath(closed, 'custom'))).spec.template.spec.containers[0].image).toBe(
      'my.registry/team/image:1',
    );
  });

  it('a PVC the API server finds Invalid in the dry-run is a 400 pointing into the body; nothing is created', async () => {
    const ns = await testNamespace('nbinvalid');
    const res = await post(ns, {
      name: 'invalid',
      datavols: [
        {
          mount: '/data',
          newPvc: {
            metadata: { name: 'sel' },
            spec: { resources: { requests: { storage: '1Gi' } }, selector: { matchLabels: { 'bad key!': 'x' } } },
          },
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.field.startsWith('datavols[0].newPvc.spec.selector'))).toBe(true);
    expect((await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`)).items).toEqual([]);
    expect((await admin.must('GET', nbPath(ns))).items).toEqual([]);
  });
});
