import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace, waitForAccess } from '../support/cluster.ts';
import { nbPath } from './notebooks-fixtures.ts';
import { fixturePath } from '../support/fixtures.ts';

const ALICE = 'alice@example.com';
/** The two frontends' sample spawner configs, read from the shared fixtures (not copied here). */
const SPAWNER_FIXTURES = {
  'statcan.yaml': fixturePath('statcan/spawner_ui_config.yaml'),
  'upstream-jwa.yaml': fixturePath('upstream-jwa/spawner_ui_config.yaml'),
};

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nb-spawner-')), 'spawner_ui_config.yaml');
  writeFileSync(file, text);
  return file;
}

const pvcPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/persistentvolumeclaims${name ? `/${name}` : ''}`;

/**
 * An admission policy refusing `operation` on Notebooks named `prefix*` in `ns`, only outside dry-run:
 * dry-runs pass, so the refusal comes after the PVCs were created. Returns once it is in force.
 */
async function refuseOutsideDryRun(admin: SandboxClient, ns: string, operation: 'CREATE' | 'UPDATE', prefix: string) {
  const admissionPath = '/apis/admissionregistration.k8s.io/v1';
  const name = `${prefix}${operation.toLowerCase()}-${ns}`;
  await admin.must('POST', `${admissionPath}/validatingadmissionpolicies`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          { apiGroups: ['kubeflow.org'], apiVersions: ['*'], operations: [operation], resources: ['notebooks'] },
        ],
      },
      validations: [
        {
          expression: `request.dryRun == true || !object.metadata.name.startsWith('${prefix}')`,
          message: `${prefix} notebooks are refused`,
        },
      ],
    },
  });
  await admin.must('POST', `${admissionPath}/validatingadmissionpolicybindings`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } },
    },
  });
  // The policy becomes active asynchronously: wait (bounded) until a probe is refused.
  const probe = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name: `${prefix}probe` },
    spec: { template: { spec: { containers: [{ name: `${prefix}probe`, image: 'x' }] } } },
  };
  if (operation === 'UPDATE') await admin.must('POST', nbPath(ns), probe);
  for (let i = 0; i < 100; i++) {
    const res =
      operation === 'CREATE'
        ? await admin.call('POST', nbPath(ns), probe)
        : await admin.call(
            'PATCH',
            nbPath(ns, `${prefix}probe`),
            { metadata: { labels: { try: String(i) } } },
            'application/merge-patch+json',
          );
    if (res.status >= 400) return;
    if (operation === 'CREATE') await admin.must('DELETE', nbPath(ns, `${prefix}probe`));
    await sleep(100);
  }
  throw new Error('admission policy never took effect');
}

/** Strips what the API server adds, to compare the stored object with what the spec says we write. */
function written(obj: any): any {
  const metadata = { ...obj.metadata };
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields'])
    delete metadata[key];
  const copy = { ...obj, metadata };
  delete copy.status;
  return copy;
}

describe("POST notebooks: the anchors' bodies build exactly the spec objects", () => {
  let admin: SandboxClient;
  beforeAll(() => {
    admin = clientAs('admin');
  });
  afterAll(async () => admin.close());

  it('upstream JWA body (notebook-from-form.md §7) with the upstream sample config', async () => {
    const upstream = readFileSync(SPAWNER_FIXTURES['upstream-jwa.yaml'], 'utf8').replaceAll(
      'ghcr.io/kubeflow/kubeflow/notebook-servers/rstudio-tidyverse:latest',
      'kubeflownotebookswg/rstudio-tidyverse:v1.7.0',
    );
    const t = await startTestApp({ spawnerConfigFile: configFile(upstream) });
    const ns = await testNamespace('nbup');
    await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'ml-pipeline' },
      spec: { desc: 'Allow access to Kubeflow Pipelines', selector: { matchLabels: { 'access-ml-pipeline': 'true' } } },
    });
    const body = {
      name: 'my-nb',
      serverType: 'group-two',
      image: 'kubeflownotebookswg/rstudio-tidyverse:v1.7.0',
      imagePullPolicy: 'IfNotPresent',
      cpu: '0.5',
      memory: '1Gi',
      gpus: { num: 'none' },
      shm: true,
      configurations: ['access-ml-pipeline'],
      workspace: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { name: '{notebook-name}-workspace' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      },
      datavols: [],
      affinityConfig: 'none',
      tolerationGroup: 'none',
    };
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: body,
    });
    expect(res.json()).toEqual({ success: true, status: 200, user: ALICE, message: 'Notebook created successfully.' });

    const pvc = await admin.must('GET', pvcPath(ns, 'my-nb-workspace'));
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    expect(pvc.spec.storageClassName).toBe('standard'); // omitted by us, so the cluster default applied
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pvc.spec.resources).toEqual({ requests: { storage: '10Gi' } });

    const nb = written(await admin.must('GET', nbPath(ns, 'my-nb')));
    expect(nb).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: {
        name: 'my-nb',
        namespace: ns,
        labels: { app: 'my-nb', 'access-ml-pipeline': 'true' },
        annotations: {
          'notebooks.kubeflow.org/server-type': 'group-two',
          'notebooks.kubeflow.org/creator': ALICE,
          'notebooks.kubeflow.org/http-rewrite-uri': '/',
          'notebooks.kubeflow.org/http-headers-request-set': `{"X-RStudio-Root-Path":"/notebook/${ns}/my-nb/"}`,
        },
      },
      spec: {
        template: {
          spec: {
            serviceAccountName: 'default-editor',
            containers: [
              {
                name: 'my-nb',
                image: 'kubeflownotebookswg/rstudio-tidyverse:v1.7.0',
                imagePullPolicy: 'IfNotPresent',
                resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
                volumeMounts: [
                  { name: 'my-nb-workspace', mountPath: '/home/jovyan' },
                  { name: 'dshm', mountPath: '/dev/shm' },
                ],
              },
            ],
            volumes: [
              { name: 'my-nb-workspace', persistentVolumeClaim: { claimName: 'my-nb-workspace' } },
              { name: 'dshm', emptyDir: { medium: 'Memory' } },
            ],
          },
        },
      },
    });
    await t.close();
  });

  it('StatCan body (noWorkspace, language, unitless config memory) with the StatCan sample config', async () => {
    const t = await startTestApp({
      spawnerConfigFile: SPAWNER_FIXTURES['statcan.yaml'],
      env: { SERVER_TYPE_ANNOTATIONS: 'none', NOTEBOOK_EXTRA_LABELS: 'data.statcan.gc.ca/inject-blob-volumes=true' },
    });
    const ns = await testNamespace('nbsc');
    const body = {
      name: 'stat-nb',
      namespace: ns,
      serverType: 'jupyter',
      image: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
      allowCustomImage: true,
      imagePullPolicy: 'Always',
      customImage: '',
      customImageCheck: false,
      cpu: '1',
      gpus: { num: 'none' },
      noWorkspace: true,
      workspace: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { name: '{notebook-name}-workspace' },
          spec: { resources: { requests: { storage: '16Gi' } } },
        },
      },
      datavols: [
        {
          name: 'ignored',
          mount: '/home/jovyan/data',
          newPvc: {
            metadata: { name: '{notebook-name}-data' },
            spec: { resources: { requests: { storage: '4' } }, storageClassName: '{none}' },
          },
        },
      ],
      shm: false,
      configurations: [],
      language: 'fr',
      prob: false,
    };
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const pvcs = (await admin.must('GET', pvcPath(ns))).items.map((p: any) => p.metadata.name);
    expect(pvcs).toEqual(['stat-nb-data']);
    const pvc = await admin.must('GET', pvcPath(ns, 'stat-nb-data'));
    expect([pvc.spec.accessModes, pvc.spec.resources.requests.storage, pvc.spec.storageClassName]).toEqual([
      ['ReadWriteOnce'],
      '4Gi',
      '',
    ]);
    const nb = written(await admin.must('GET', nbPath(ns, 'stat-nb')));
    expect(nb.metadata).toEqual({
      name: 'stat-nb',
      namespace: ns,
      labels: { app: 'stat-nb', 'data.statcan.gc.ca/inject-blob-volumes': 'true' },
      annotations: { 'notebooks.kubeflow.org/server-type': 'jupyter', 'notebooks.kubeflow.org/creator': ALICE },
    });
    expect(nb.spec.template.spec).toEqual({
      serviceAccountName: 'default-editor',
      containers: [
        {
          name: 'stat-nb',
          image: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
          imagePullPolicy: 'Always',
          resources: { requests: { cpu: '1', memory: '2.0Gi' }, limits: { cpu: '4.0', memory: '4.0Gi' } },
          env: [{ name: 'KF_LANG', value: 'fr' }],
          volumeMounts: [{ name: 'stat-nb-data', mountPath: '/home/jovyan/data' }],
        },
      ],
      volumes: [{ name: 'stat-nb-data', persistentVolumeClaim: { claimName: 'stat-nb-data' } }],
    });
    await t.close();
  });

  it('no workspace, no data volumes, shm off: volumes and volumeMounts are [] (upstream); a BCP 47 language is normalised', async () => {
    const t = await startTestApp({ spawnerConfigFile: SPAWNER_FIXTURES['statcan.yaml'] });
    const ns = await testNamespace('nbbare');
    // What the StatCan non-localized build posts: its LOCALE_ID `en-US` as the language.
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: { name: 'bare-nb', noWorkspace: true, datavols: [], shm: false, language: 'en-US' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const nb = await admin.must('GET', nbPath(ns, 'bare-nb'));
    // Read back from the API server: the empty lists are stored, not pruned. notebook-from-form.md
    // §5.10: volumes and volumeMounts are the exception to "empty lists are omitted" (upstream's
    // details page iterates them unchecked); tolerations and affinity stay omitted.
    expect(nb.spec.template.spec.volumes).toEqual([]);
    expect(nb.spec.template.spec.containers[0].volumeMounts).toEqual([]);
    expect(nb.spec.template.spec).not.toHaveProperty('tolerations');
    expect(nb.spec.template.spec).not.toHaveProperty('affinity');
    expect(nb.spec.template.spec.containers[0].env).toEqual([{ name: 'KF_LANG', value: 'en_US' }]);
    await t.close();
  });
});

describe('POST notebooks: validation, readOnly, conflicts, authorization', () => {
  let t: TestApp;
  let ns: string;
  let admin: SandboxClient;
  const post = (payload: unknown, user = ALICE) =>
    requestAs(t.app, user, { method: 'POST', url: `/api/namespaces/${ns}/notebooks`, payload: payload as object });

  beforeAll(async () => {
    t = await startTestApp();
    ns = await testNamespace('nbval');
    admin = clientAs('admin');
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  it('a bad body is one 400 listing every problem, and nothing is created', async () => {
    const res = await post({
      name: '9-Bad',
      serverType: 'emacs',
      customImageCheck: true,
      customImage: 'https://evil.example/image',
      imagePullPolicy: 'Sometimes',
      cpu: 'NaN',
      memory: '2',
      cpuLimit: '-1',
      gpus: { num: 1, vendor: 'cpu' },
      workspace: {
        mount: '/home/../etc',
        newPvc: { metadata: { name: 'ws' }, spec: { resources: { requests: { storage: '0' } } } },
      },
      datavols: [
        { mount: '/data', existingSource: { persistentVolumeClaim: { claimName: 'nope' } } },
        {
          mount: '/data2',
          newPvc: {
            metadata: { name: 'UPPER' },
            spec: { accessModes: ['Sometimes'], resources: { requests: { storage: '5Gi' } } },
          },
        },
        { mount: '/x', existingSource: { hostPath: { path: '/etc' } } },
        { mount: '/y' },
      ],
      configurations: ['no-such-poddefault'],
      affinityConfig: 'ghost',
      tolerationGroup: 'ghost',
      language: 'klingon',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.success).toBe(false);
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual([
      'name',
      'serverType',
      'customImage',
      'imagePullPolicy',
      'cpu',
      'cpuLimit',
      'memory',
      'gpus.vendor',
      'workspace.mount',
      'workspace.newPvc.spec.resources.requests.storage',
      'datavols[1].newPvc.metadata.name',
      'datavols[1].newPvc.spec.accessModes[0]',
      'datavols[2].existingSource.hostPath',
      'datavols[3]',
      'datavols[0].existingSource.persistentVolumeClaim.claimName',
      'configurations[0]',
      'affinityConfig',
      'tolerationGroup',
      'language',
    ]);
    expect(body.log).toBe(
      `Invalid request: ${fields.length} problem(s): ${body.errors.map((e: { message: string }) => e.message).join('; ')}`,
    );
    const messages = Object.fromEntries(
      body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(messages).toMatchObject({
      serverType: "'emacs' is not a valid server type",
      memory: 'memory needs a unit, e.g. "2Gi"',
      'gpus.vendor': "GPU vendor 'cpu' is not configured.",
      'datavols[2].existingSource.hostPath': "Volume source 'hostPath' is not allowed.",
      'datavols[0].existingSource.persistentVolumeClaim.claimName': "PVC 'nope' not found.",
      'configurations[0]': `Configuration 'no-such-poddefault' does not exist in namespace '${ns}'.`,
      affinityConfig: "Unknown affinity config 'ghost'.",
      tolerationGroup: "Unknown toleration group 'ghost'.",
      language: "Invalid language 'klingon' (e.g. 'en', 'en_US', 'en-US').",
    });
    expect((await admin.must('GET', nbPath(ns))).items).toEqual([]);
    expect((await admin.must('GET', pvcPath(ns))).items).toEqual([]);
  });

  it('names, images, limits, mounts and missing fields each give their own 400', async () => {
    const cases: [unknown, string, string][] = [
      [{}, 'name', "Parameter 'name' is missing from the request's body."],
      [{ name: 'a'.repeat(53) }, 'name', ''],
      [
        { name: 'ok', image: 'not/in-options:1' },
        'image',
        "Image 'not/in-options:1' is not one of the configured options.",
      ],
      [{ name: 'ok', cpu: '2', cpuLimit: '1' }, 'cpuLimit', 'cpuLimit must be greater than or equal to cpu'],
      [
        { name: 'ok', memory: '2Gi', memoryLimit: '1Gi' },
        'memoryLimit',
        'memoryLimit must be greater than or equal to memory',
      ],
      [{ name: 'ok', gpus: { num: 1 } }, 'gpus.vendor', "'gpus' must have a 'vendor' field"],
      [{ name: 'ok', gpus: { num: 'many' } }, 'gpus.num', ''],
      [{ name: 'ok', namespace: 'elsewhere' }, 'namespace', ''],
      [
        { name: 'ok', shm: true, datavols: [{ mount: '/dev/shm', existingSource: { emptyDir: {} } }] },
        'datavols[0].mount',
        "Mount path '/dev/shm' is taken by shared memory.",
      ],
      [
        {
          name: 'ok',
          datavols: [
            { mount: '/a', existingSource: { emptyDir: {} } },
            { mount: '/a/', existingSource: { configMap: { name: 'x' } } },
          ],
        },
        'datavols[1].mount',
        "Mount path '/a' is used twice.",
      ],
      [
        {
          name: 'ok',
          workspace: {
            mount: '/w',
            newPvc: { metadata: { namespace: 'x', name: 'w' }, spec: { resources: { requests: { storage: '1Gi' } } } },
          },
        },
        'workspace.newPvc.metadata.namespace',
        'PVC should not specify the namespace.',
      ],
    ];
    for (const [payload, field, message] of cases) {
      const res = await post(payload);
      expect([field, res.statusCode]).toEqual([field, 400]);
      const errors = res.json().errors as { field: string; message: string }[];
      expect(errors.map((e) => e.field)).toEqual([field]);
      if (message) expect(errors[0]!.message).toBe(message);
    }
    const notJson = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.json()).toMatchObject({ status: 400, log: 'Request is not in JSON format.' });
  });

  it('conflicts: 409 for a taken notebook or PVC name; 400 listing both with validation problems', async () => {
    const ok = await post({ name: 'taken', workspace: null });
    expect(ok.statusCode).toBe(200);
    await admin.must('POST', pvcPath(ns), {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'busy-pvc' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const again = await post({ name: 'taken' });
    expect(again.statusCode).toBe(409);
    expect(again.json().log).toBe("Notebook 'taken' already exists.");
    const newPvc = (name: string) => ({
      mount: '/home/jovyan',
      newPvc: { metadata: { name }, spec: { resources: { requests: { storage: '1Gi' } } } },
    });
    const pvcTaken = await post({ name: 'fresh', workspace: newPvc('busy-pvc') });
    expect(pvcTaken.statusCode).toBe(409);
    expect(pvcTaken.json().errors).toEqual([
      { field: 'workspace.newPvc.metadata.name', message: "PVC 'busy-pvc' already exists." },
    ]);
    const both = await post({ name: 'taken', workspace: newPvc('busy-pvc'), cpu: 'x' });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { field: string }) => e.field)).toEqual(['cpu', 'name']);
    expect((await admin.must('GET', nbPath(ns))).items.map((n: any) => n.metadata.name)).toEqual(['taken']);
  });

  it('needs create on PVCs only when the body asks for new ones', async () => {
    const limited = 'dave@example.com';
    await admin.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: 'notebooks-only' },
      rules: [{ apiGroups: ['kubeflow.org'], resources: ['notebooks'], verbs: ['create', 'get', 'list'] }],
    });
    await admin.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'dave-notebooks-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'notebooks-only' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: limited }],
    });
    await waitForAccess(limited, [], { namespace: ns, verb: 'create', group: 'kubeflow.org', resource: 'notebooks' });
    const withPvc = await post(
      {
        name: 'dave-nb',
        workspace: {
          mount: '/home/jovyan',
          newPvc: { metadata: { name: '{notebook-name}-ws' }, spec: { resources: { requests: { storage: '1Gi' } } } },
        },
      },
      limited,
    );
    expect(withPvc.statusCode).toBe(403);
    expect(withPvc.json().log).toBe(
      `User '${limited}' is not authorized to create v1/persistentvolumeclaims in namespace '${ns}'`,
    );
    const without = await post({ name: 'dave-nb' }, limited);
    expect(without.statusCode).toBe(200);
    const nb = await admin.must('GET', nbPath(ns, 'dave-nb'));
    expect(nb.metadata.annotations['notebooks.kubeflow.org/creator']).toBe(limited);
    expect(nb.spec.template.spec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory' } }]);
    const viewer = await post({ name: 'bob-nb' }, 'bob@example.com');
    expect(viewer.statusCode).toBe(403);
  });

  it('a quota refusal found by the dry-run is a 403 and leaves nothing behind', async () => {
    const quotaNs = await testNamespace('nbquota');
    await admin.must('POST', `/api/v1/namespaces/${quotaNs}/resourcequotas`, {
      metadata: { name: 'no-pvcs' },
      spec: { hard: { persistentvolumeclaims: '0' } },
    });
    // No quota controller runs here: write the usage it would have computed, which admission enforces.
    await admin.must(
      'PATCH',
      `/api/v1/namespaces/${quotaNs}/resourcequotas/no-pvcs/status`,
      { status: { hard: { persistentvolumeclaims: '0' }, used: { persistentvolumeclaims: '0' } } },
      'application/merge-patch+json',
    );
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${quotaNs}/notebooks`,
      payload: {
        name: 'quota-nb',
        workspace: {
          mount: '/home/jovyan',
          newPvc: { metadata: { name: 'quota-ws' }, spec: { resources: { requests: { storage: '1Gi' } } } },
        },
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().log).toContain('exceeded quota');
    expect((await admin.must('GET', nbPath(quotaNs))).items).toEqual([]);
    expect((await admin.must('GET', pvcPath(quotaNs))).items).toEqual([]);
  });
});

describe('POST notebooks: readOnly config values win', () => {
  let t: TestApp;
  let ns: string;
  let admin: SandboxClient;

  beforeAll(async () => {
    const file = configFile(`
spawnerFormDefaults:
  image: {value: 'img/jupyter:1', options: ['img/jupyter:1', 'img/jupyter:2'], readOnly: true}
  allowCustomImage: true
  imagePullPolicy: {value: Always, readOnly: true}
  cpu: {value: '1', limitFactor: '2', readOnly: true}
  memory: {value: '2', limitFactor: 'none', readOnly: true}
  gpus: {value: {num: '1', vendor: 'nvidia.com/gpu', vendors: [{limitsKey: 'nvidia.com/gpu', uiName: NVIDIA}]}, readOnly: true}
  workspaceVolume:
    value: {mount: /home/jovyan, newPvc: {metadata: {name: '{notebook-name}-home'}, spec: {resources: {requests: {storage: 2Gi}}, accessModes: [ReadWriteOnce]}}}
    readOnly: true
  dataVolumes:
    value:
      - value: {mount: /opt/shared, existingSource: {persistentVolumeClaim: {claimName: team-data}}}
    readOnly: true
  shm: {value: false, readOnly: true}
  configurations: {value: [team-creds], readOnly: true}
  affinityConfig:
    value: big
    options: [{configKey: big, displayName: Big, affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: size, operator: In, values: [big]}]}]}}}}]
    readOnly: true
  tolerationGroup:
    value: gpu
    options: [{groupKey: gpu, displayName: GPU, tolerations: [{key: gpu, operator: Exists, effect: NoSchedule, tolerationSeconds: 30}]}]
    readOnly: true
`);
    t = await startTestApp({ spawnerConfigFile: file });
    ns = await testNamespace('nbro');
    admin = clientAs('admin');
    await admin.must('POST', pvcPath(ns), {
      metadata: { name: 'team-data' },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
    });
    await admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'team-creds' },
      spec: { selector: { matchLabels: { 'team-creds': 'enabled' } } },
    });
  });
  afterAll(async () => {
    await admin.close();
    await t.close();
  });

  const post = (payload: object) =>
    requestAs(t.app, ALICE, { method: 'POST', url: `/api/namespaces/${ns}/notebooks`, payload });

  it('equal values (after normalisation) are accepted and the config values are written', async () => {
    const res = await post({
      name: 'ro-equal',
      image: 'img/jupyter:1',
      imagePullPolicy: 'Always',
      cpu: '1000m',
      cpuLimit: '2',
      memory: '2Gi',
      gpus: { num: '1', vendor: 'nvidia.com/gpu' },
      workspace: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { name: '{notebook-name}-home' },
          spec: { resources: { requests: { storage: '2048Mi' } }, accessModes: ['ReadWriteOnce'] },
        },
      },
      datavols: [{ mount: '/opt/shared', existingSource: { persistentVolumeClaim: { claimName: 'team-data' } } }],
      shm: false,
      configurations: ['team-creds'],
      affinityConfig: 'big',
      tolerationGroup: 'gpu',
    });
    expect(res.json()).toMatchObject({ success: true });
    const omitted = await post({ name: 'ro-omitted' });
    expect(omitted.statusCode).toBe(200);
    for (const name of ['ro-equal', 'ro-omitted']) {
      const nb = await admin.must('GET', nbPath(ns, name));
      const spec = nb.spec.template.spec;
      expect(nb.metadata.labels).toEqual({ app: name, 'team-creds': 'enabled' });
      expect(spec.containers[0]).toMatchObject({
        image: 'img/jupyter:1',
        imagePullPolicy: 'Always',
        resources: {
          requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '1' },
          limits: { cpu: '2', 'nvidia.com/gpu': '1' },
        },
      });
      expect(spec.volumes).toEqual([
        { name: `${name}-home`, persistentVolumeClaim: { claimName: `${name}-home` } },
        { name: 'team-data', persistentVolumeClaim: { claimName: 'team-data' } },
      ]);
      expect(
        spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
          .matchExpressions[0].key,
      ).toBe('size');
      expect(spec.tolerations).toEqual([
        { key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 },
      ]);
      await admin.must('GET', pvcPath(ns, `${name}-home`));
    }
  });

  it('every different readOnly value is a 400 naming its field', async () => {
    const res = await post({
      name: 'ro-diff',
      image: 'img/jupyter:2',
      imagePullPolicy: 'Never',
      cpu: '2',
      cpuLimit: '3',
      memory: '3Gi',
      memoryLimit: '4Gi',
      gpus: { num: 'none' },
      noWorkspace: true,
      datavols: [],
      shm: true,
      configurations: [],
      affinityConfig: 'none',
      tolerationGroup: '',
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toEqual([
      'image',
      'imagePullPolicy',
      'cpu',
      'cpuLimit',
      'memory',
      'memoryLimit',
      'gpus',
      'shm',
      'noWorkspace',
      'datavols',
      'configurations',
      'affinityConfig',
      'tolerationGroup',
    ]);
    expect(errors[0]!.message).toBe("'image' is read-only; remove it or send the configured value.");
    const custom = await post({ name: 'ro-custom', customImageCheck: true, customImage: 'other/image:1' });
    expect(custom.json().errors).toEqual([
      { field: 'customImage', message: "'customImage' is read-only; remove it or send the configured value." },
    ]);
    const otherWorkspace = await post({
      name: 'ro-ws',
      workspace: {
        mount: '/home/jovyan',
        newPvc: { metadata: { name: '{notebook-name}-home' }, spec: { resources: { requests: { storage: '3Gi' } } } },
      },
    });
    expect(otherWorkspace.json().errors).toEqual([
      { field: 'workspace', message: "'workspace' is read-only; remove it or send the configured value." },
    ]);
  });
});

describe('POST notebooks: all or nothing', () => {
  it('a Notebook refused at real-create time (after its PVCs were created) rolls the PVCs back', async () => {
    const t = await startTestApp();
    const ns = await testNamespace('nbrollback');
    const admin = clientAs('admin');
    // Refused only outside dry-run: the dry-runs pass, the PVCs are created, then the Notebook
    // create fails, as a webhook stricter on real creates (or a quota filled meanwhile) would make it.
    await refuseOutsideDryRun(admin, ns, 'CREATE', 'doomed-');
    const before = (await admin.must('GET', pvcPath(ns))).metadata.resourceVersion;
    const vol = (name: string, mount: string) => ({
      mount,
      newPvc: { metadata: { name }, spec: { resources: { requests: { storage: '1Gi' } } } },
    });
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: {
        name: 'doomed-nb',
        workspace: vol('{notebook-name}-ws', '/home/jovyan'),
        datavols: [vol('{notebook-name}-data', '/data')],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().log).toContain('doomed- notebooks are refused');
    // Deleted: only the pvc-protection finalizer, which its controller lifts for unused claims, holds them.
    const left = (await admin.must('GET', pvcPath(ns))).items as any[];
    expect(left.map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp, p.metadata.finalizers])).toEqual([
      ['doomed-nb-data', true, ['kubernetes.io/pvc-protection']],
      ['doomed-nb-ws', true, ['kubernetes.io/pvc-protection']],
    ]);
    for (const p of left) {
      await admin.must(
        'PATCH',
        pvcPath(ns, p.metadata.name),
        { metadata: { finalizers: null } },
        'application/merge-patch+json',
      );
    }
    expect((await admin.must('GET', pvcPath(ns))).items).toEqual([]);
    expect((await admin.call('GET', nbPath(ns, 'doomed-nb'))).status).toBe(404);

    // Proof that the PVCs did exist in between: the watch history shows each added, then deleted.
    const history = await admin.call('GET', `${pvcPath(ns)}?watch=1&resourceVersion=${before}&timeoutSeconds=1`);
    const events = history.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } })
      .map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(events.filter((e) => e.startsWith('ADDED'))).toEqual(['ADDED doomed-nb-ws', 'ADDED doomed-nb-data']);
    expect(events.filter((e) => e.startsWith('DELETED')).sort()).toEqual([
      'DELETED doomed-nb-data',
      'DELETED doomed-nb-ws',
    ]);
    await admin.close();
    await t.close();
  });
});

describe('POST notebook (edit): all or nothing', () => {
  it('an update refused after the new PVCs were created rolls them back and leaves the notebook as it was', async () => {
    const t = await startTestApp();
    const ns = await testNamespace('nbeditrb');
    const admin = clientAs('admin');
    const created = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: { name: 'stuck-nb', workspace: null },
    });
    expect(created.statusCode).toBe(200);
    const before = await admin.must('GET', nbPath(ns, 'stuck-nb'));
    await refuseOutsideDryRun(admin, ns, 'UPDATE', 'stuck-');
    const res = await requestAs(t.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks/stuck-nb`,
      payload: {
        cpu: '1',
        datavols: [
          {
            mount: '/data',
            newPvc: { metadata: { name: 'stuck-data' }, spec: { resources: { requests: { storage: '1Gi' } } } },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().log).toContain('stuck- notebooks are refused');
    const left = (await admin.must('GET', pvcPath(ns))).items as any[];
    // Created, then deleted by the rollback: only the pvc-protection finalizer (no controller lifts it
    // here) still holds the claim.
    expect(left.map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp])).toEqual([['stuck-data', true]]);
    const after = await admin.must('GET', nbPath(ns, 'stuck-nb'));
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    await admin.close();
    await t.close();
  });
});
