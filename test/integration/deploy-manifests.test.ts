import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientAs } from '../support/cluster.ts';
import { kustomizeBuild, type KubeObject } from '../support/kustomize.ts';
import { SERVER_NODE_FLAGS } from '../../backend/src/node-flags.ts';
import { IN_FLIGHT_BUDGET_MS } from '../../backend/src/health/shutdown.ts';
import { parse } from 'yaml';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const DEPLOY = join(REPO_ROOT, 'deploy');
const GATEWAY_PRINCIPAL = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

/** Where each Kubernetes-native kind lives in the API, for the dry-run. */
const API_PATHS: Record<string, { base: string; plural: string; namespaced: boolean }> = {
  ServiceAccount: { base: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { base: '/api/v1', plural: 'configmaps', namespaced: true },
  Service: { base: '/api/v1', plural: 'services', namespaced: true },
  Deployment: { base: '/apis/apps/v1', plural: 'deployments', namespaced: true },
  ClusterRole: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', namespaced: false },
  PodDisruptionBudget: { base: '/apis/policy/v1', plural: 'poddisruptionbudgets', namespaced: true },
  HorizontalPodAutoscaler: { base: '/apis/autoscaling/v2', plural: 'horizontalpodautoscalers', namespaced: true },
};
const ISTIO_KINDS = new Set(['VirtualService', 'AuthorizationPolicy', 'EnvoyFilter']);

/** Server-side apply with dryRun=All of each object: the API server's answers, `Kind/name: status`. */
async function dryRun(admin: ReturnType<typeof clientAs>, objects: KubeObject[]): Promise<string[]> {
  const answers: string[] = [];
  for (const obj of objects) {
    const api = API_PATHS[obj.kind];
    expect(api, `no API path for ${obj.kind}`).toBeDefined();
    const ns = api!.namespaced ? `/namespaces/${obj.metadata.namespace}` : '';
    const path = `${api!.base}${ns}/${api!.plural}/${obj.metadata.name}?dryRun=All&fieldManager=deploy-test&force=true`;
    const res = await admin.call('PATCH', path, obj, 'application/apply-patch+yaml');
    answers.push(`${obj.kind}/${obj.metadata.name}: ${res.status}${res.status >= 300 ? ` ${res.json?.message}` : ''}`);
  }
  return answers;
}

/** The memory the benchmark measured at 10,000 notebooks (bench/results/run-notebooks-10000*.json), in MiB. */
function benchmarkMemory(): { rss: number; heap: number; outsideHeap: number } {
  const runs = ['run-notebooks-10000.json', 'run-notebooks-10000-quiet.json'].map(
    (file) => JSON.parse(readFileSync(join(REPO_ROOT, 'bench', 'results', file), 'utf8')).memory,
  );
  return {
    rss: Math.max(...runs.flatMap((m) => [m.rssMiBAfterSync, m.rssMiBAfterLoad, m.rssMiBSettled])),
    heap: Math.max(...runs.map((m) => m.heapTotalMiBAfterSync)),
    // What Node holds besides the V8 heap (code, buffers, the allocator's reserve).
    outsideHeap: Math.max(
      ...runs.flatMap((m) => [m.rssMiBAfterSync - m.heapTotalMiBAfterSync, m.rssMiBAfterLoad - m.heapUsedMiBAfterLoad]),
    ),
  };
}

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  expect(match, `memory quantity ${quantity}`).not.toBeNull();
  return Number(match![1]) * (match![2] === 'Gi' ? 1024 : 1);
}

function one(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(
    found.map((o) => o.metadata.name),
    `${kind} ${name ?? ''}`,
  ).toHaveLength(1);
  return found[0]!;
}

describe('deploy/ manifests', () => {
  const objects = kustomizeBuild(join(DEPLOY, 'overlays', 'kubeflow'));
  const admin = clientAs('admin');
  afterAll(async () => admin.close());

  it('render the objects of an upstream-compatible install, in namespace kubeflow', () => {
    expect(
      objects
        .map(
          (o) =>
            `${o.kind}/${o.kind === 'ConfigMap' ? o.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>') : o.metadata.name}`,
        )
        .sort(),
    ).toEqual([
      'AuthorizationPolicy/jupyter-web-app',
      'ClusterRole/jupyter-web-app-cluster-role',
      'ClusterRole/kubeflow-notebook-ui-admin',
      'ClusterRole/kubeflow-notebook-ui-edit',
      'ClusterRole/kubeflow-notebook-ui-view',
      'ClusterRoleBinding/jupyter-web-app-cluster-role-binding',
      'ConfigMap/jupyter-web-app-config-<hash>',
      'Deployment/jupyter-web-app-deployment',
      'PodDisruptionBudget/jupyter-web-app',
      'Service/jupyter-web-app-service',
      'ServiceAccount/jupyter-web-app-service-account',
      'VirtualService/jupyter-web-app-jupyter-web-app',
    ]);
    for (const o of objects) {
      if (o.kind.startsWith('Cluster')) expect(o.metadata.namespace).toBeUndefined();
      else expect([o.kind, o.metadata.namespace]).toEqual([o.kind, 'kubeflow']);
    }
  });

  it('generate the config map from the bundled spawner config, with a content-hash name the Deployment mounts', () => {
    const configMap = one(objects, 'ConfigMap');
    expect(configMap.metadata.name).toMatch(/^jupyter-web-app-config-[a-z0-9]{10}$/);
    expect(configMap.data['spawner_ui_config.yaml']).toBe(
      readFileSync(join(REPO_ROOT, 'backend', 'config', 'spawner_ui_config.yaml'), 'utf8'),
    );
    expect(configMap.data['viewer-spec.yaml']).toContain('podSpec:');
    const pod = one(objects, 'Deployment').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: configMap.metadata.name } });
  });

  it('run the app as its service account, non-root, read-only, with probes, resources and the trusted-header settings', () => {
    const deployment = one(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.serviceAccountName).toBe('jupyter-web-app-service-account');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'jupyter-web-app' });
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(container.image).toBe('jupyter-apis:0.1.0');
    expect(container.args).toEqual(['-spawner-config', '/etc/config/spawner_ui_config.yaml']);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      USERID_HEADER: 'kubeflow-userid',
      USERID_PREFIX: '',
      APP_PREFIX: '/jupyter',
      APP_SECURE_COOKIES: 'true',
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      POD_SERVICE_ACCOUNT: { fieldRef: { fieldPath: 'spec.serviceAccountName' } },
    });
    expect(env.BACKEND_MODE).toBeUndefined();
    expect(env.APP_DISABLE_AUTH).toBeUndefined();
    // Groups are read only in the kubeflow-groups overlay, where the gateway strips a client-sent header.
    expect(env.GROUPS_HEADER).toBeUndefined();
    expect(container.ports).toEqual([{ name: 'http', containerPort: 5000 }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz/liveness', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz/readiness', port: 'http' });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    const mounts = Object.fromEntries(container.volumeMounts.map((m: any) => [m.mountPath, m]));
    expect(mounts['/etc/config']).toMatchObject({ name: 'config', readOnly: true });

    const service = one(objects, 'Service');
    expect(service.spec.selector).toEqual({ app: 'jupyter-web-app' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);

    const binding = one(objects, 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe('jupyter-web-app-cluster-role');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'jupyter-web-app-service-account', namespace: 'kubeflow' },
    ]);
  });

  it("grant the app's service account exactly the rules of kubernetes.md §3.1", () => {
    const role = one(objects, 'ClusterRole', 'jupyter-web-app-cluster-role');
    const rules = (role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]).flatMap((r) =>
      r.apiGroups.flatMap((g) => r.resources.map((res) => `${g || 'core'} ${res}: ${[...r.verbs].sort().join(',')}`)),
    );
    expect(rules.sort()).toEqual(
      [
        'authorization.k8s.io subjectaccessreviews: create',
        'kubeflow.org notebooks: create,delete,get,list,patch,update,watch',
        'kubeflow.org notebooks/finalizers: create,delete,get,list',
        'kubeflow.org poddefaults: get,list,watch',
        'kubeflow.org pvcviewers: create,delete,get,list,watch',
        'core persistentvolumeclaims: create,delete,get,list,patch,watch',
        'core pods: get,list,watch',
        'core pods/log: get',
        'core events: get,list,watch',
        'core namespaces: get,list,watch',
        'core nodes: list',
        'storage.k8s.io storageclasses: get,list,watch',
        'apiextensions.k8s.io customresourcedefinitions: get,list',
      ].sort(),
    );
  });

  it('route /jupyter/ from the Kubeflow gateway to the Service (Istio, checked structurally)', () => {
    const service = one(objects, 'Service');
    const vs = one(objects, 'VirtualService');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.gateways).toEqual(['kubeflow/kubeflow-gateway']);
    expect(vs.spec.http).toHaveLength(2);
    expect(vs.spec.http[0]).toEqual({ match: [{ uri: { exact: '/jupyter' } }], redirect: { uri: '/jupyter/' } });
    const route = vs.spec.http[1];
    expect(route.match).toEqual([{ uri: { prefix: '/jupyter/' } }]);
    expect(route.rewrite).toEqual({ uri: '/' });
    expect(route.route).toEqual([
      {
        destination: {
          host: `${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`,
          port: { number: service.spec.ports[0].port },
        },
      },
    ]);
  });

  it('admit only the ingress gateway to the app pods (the trusted header is only as safe as the path to the pod)', () => {
    const policy = one(objects, 'AuthorizationPolicy');
    const pod = one(objects, 'Deployment').spec.template;
    expect(policy.apiVersion).toBe('security.istio.io/v1');
    expect(policy.metadata.namespace).toBe('kubeflow');
    expect(policy.spec.action).toBe('ALLOW');
    expect(pod.metadata.labels).toMatchObject(policy.spec.selector.matchLabels);
    expect(Object.keys(policy.spec.selector.matchLabels).length).toBeGreaterThan(0);
    // One rule, one source, one principal, and nothing (to/when) that could widen or narrow it oddly.
    expect(policy.spec.rules).toEqual([{ from: [{ source: { principals: [GATEWAY_PRINCIPAL] } }] }]);
  });

  it('are accepted by the API server (server-side apply, dry run) for every Kubernetes-native object', async () => {
    const native = objects.filter((o) => !ISTIO_KINDS.has(o.kind));
    expect(native.length).toBe(objects.length - 2);
    const answers = await dryRun(admin, native);
    expect(answers.filter((a) => !/: 20[01]$/.test(a))).toEqual([]);
    expect(answers).toHaveLength(native.length);
    // Dry run: nothing was created.
    const deployment = await admin.call(
      'GET',
      '/apis/apps/v1/namespaces/kubeflow/deployments/jupyter-web-app-deployment',
    );
    expect(deployment.status).toBe(404);
  });

  it('run two replicas that a rollout, a node drain or a scale-down replaces one at a time, each finishing its work', () => {
    const deployment = one(objects, 'Deployment');
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(deployment.spec.replicas).toBe(2);
    // A new pod is ready before an old one stops.
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const budget = one(objects, 'PodDisruptionBudget');
    expect(budget.spec.maxUnavailable).toBe(1);
    expect(budget.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(budget.spec.selector).toEqual(deployment.spec.selector);
    expect(pod.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    for (const spread of pod.spec.topologySpreadConstraints) {
      expect(spread).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
      expect(pod.metadata.labels).toMatchObject(spread.labelSelector.matchLabels);
    }
    // SIGTERM: the drain, then the in-flight budget, both within the grace period; the server serves
    // through the drain by itself, so no preStop pause.
    const drainSeconds = Number(env.SHUTDOWN_DRAIN_SECONDS);
    expect(drainSeconds).toBeGreaterThanOrEqual(5);
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(drainSeconds + IN_FLIGHT_BUDGET_MS / 1000);
    expect(container.lifecycle?.preStop).toBeUndefined();
    // Istio's sidecar outlives that work (its default stops Envoy 5 s after SIGTERM).
    const proxyConfig = parse(pod.metadata.annotations['proxy.istio.io/config']);
    expect(Number.parseInt(proxyConfig.terminationDrainDuration, 10)).toBeGreaterThanOrEqual(
      drainSeconds + IN_FLIGHT_BUDGET_MS / 1000,
    );
  });

  it('size memory from the benchmark: the request above the measured RSS, the V8 heap bound plus Node outside it under the limit', () => {
    const container = one(objects, 'Deployment').spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    const heapBound = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
    const measured = benchmarkMemory();
    expect(mebibytes(container.resources.requests.memory)).toBeGreaterThan(measured.rss);
    // Room for the initial lists' garbage (142 MiB used before the GC after sync,
    // bench/results/notes.md) and for growth.
    expect(heapBound).toBeGreaterThanOrEqual(3 * measured.heap);
    expect(heapBound + measured.outsideHeap).toBeLessThan(mebibytes(container.resources.limits.memory));
  });

  it('keep the deploy copy of the spawner config identical to the bundled one', () => {
    expect(readFileSync(join(DEPLOY, 'base', 'spawner_ui_config.yaml'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'backend', 'config', 'spawner_ui_config.yaml'), 'utf8'),
    );
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages = instructions.reduce<string[][]>((acc, line) => {
    if (line.startsWith('FROM ')) acc.push([]);
    acc.at(-1)?.push(line);
    return acc;
  }, []);

  it('builds in stages from Node 24 and runs the TypeScript entry point as a non-root user', () => {
    expect(instructions.find((l) => l.startsWith('ARG NODE_IMAGE='))).toMatch(/^ARG NODE_IMAGE=node:24[-\w.]*$/);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    const user = runtime.find((l) => l.startsWith('USER '));
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.at(-1)).toBe(
      `ENTRYPOINT ${JSON.stringify(['node', ...SERVER_NODE_FLAGS, 'backend/src/main.ts'])}`.replaceAll(',', ', '),
    );
    expect(runtime.some((l) => l.startsWith('RUN npm ci'))).toBe(false);
    expect(runtime).toContain('COPY --from=ui /src/frontend/dist frontend/dist');
    // The compile cache is filled at build time, from the server's entry and the app's modules.
    expect(runtime).toContain('ENV NODE_COMPILE_CACHE=/app/.node-compile-cache');
    expect(runtime.find((l) => l.startsWith('RUN node backend/src/main.ts --help'))).toContain(
      "import('/app/backend/src/app.ts')",
    );
    expect(instructions.some((l) => /^ADD\s+https?:/.test(l))).toBe(false);
  });

  it('keeps local installs, secrets and state out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '.git', '.sandbox', '**/dist', '**/.env']) expect(ignored).toContain(entry);
  });
});

describe('deploy/overlays/kubeflow-groups', () => {
  const withGroups = kustomizeBuild(join(DEPLOY, 'overlays', 'kubeflow-groups'));
  const objects = kustomizeBuild(join(DEPLOY, 'overlays', 'kubeflow'));
  const admin = clientAs('admin');
  afterAll(async () => admin.close());

  it('is the kubeflow overlay plus the groups header and the gateway filter that strips a client-sent one', () => {
    const names = (list: KubeObject[]) => list.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(names(withGroups).sort()).toEqual(
      [...names(objects), 'EnvoyFilter/istio-system/strip-client-kubeflow-groups'].sort(),
    );
    const container = one(withGroups, 'Deployment').spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'GROUPS_HEADER', value: 'kubeflow-groups' });

    const filter = one(withGroups, 'EnvoyFilter');
    expect(filter.spec.workloadSelector).toEqual({ labels: { istio: 'ingressgateway' } });
    const [patch] = filter.spec.configPatches;
    expect(patch.applyTo).toBe('HTTP_FILTER');
    expect(patch.match.context).toBe('GATEWAY');
    // First in the chain: before jwt_authn / ext_authz set the authenticated value.
    expect(patch.patch.operation).toBe('INSERT_FIRST');
    const lua = patch.patch.value.typed_config;
    expect(lua['@type']).toBe('type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua');
    expect(lua.default_source_code.inline_string).toMatch(
      /function envoy_on_request\(request_handle\)\s+request_handle:headers\(\):remove\("kubeflow-groups"\)\s+end/,
    );
  });

  it('is accepted by the API server (dry run) for the Deployment it changes', async () => {
    const obj = one(withGroups, 'Deployment');
    const path = `/apis/apps/v1/namespaces/kubeflow/deployments/${obj.metadata.name}?dryRun=All&fieldManager=deploy-test&force=true`;
    const res = await admin.call('PATCH', path, obj, 'application/apply-patch+yaml');
    expect([res.status, res.json?.message]).toEqual([expect.any(Number), undefined]);
    expect(res.status === 200 || res.status === 201).toBe(true);
  });
});

describe('deploy/overlays/kubeflow-autoscaling', () => {
  const autoscaled = kustomizeBuild(join(DEPLOY, 'overlays', 'kubeflow-autoscaling'));
  const objects = kustomizeBuild(join(DEPLOY, 'overlays', 'kubeflow'));
  const admin = clientAs('admin');
  afterAll(async () => admin.close());

  it('is the kubeflow overlay plus a CPU autoscaler that owns the replica count (2 to 6)', () => {
    const names = (list: KubeObject[]) => list.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(names(autoscaled).sort()).toEqual(
      [...names(objects), 'HorizontalPodAutoscaler/kubeflow/jupyter-web-app'].sort(),
    );
    const deployment = one(autoscaled, 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined();
    const hpa = one(autoscaled, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    // Utilization is of the CPU request: there must be one.
    expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
  });

  it('is accepted by the API server (dry run) for the objects it adds or changes', async () => {
    const changed = autoscaled.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'Deployment');
    expect(await dryRun(admin, changed)).toEqual([
      'Deployment/jupyter-web-app-deployment: 201',
      'HorizontalPodAutoscaler/jupyter-web-app: 201',
    ]);
  });
});
