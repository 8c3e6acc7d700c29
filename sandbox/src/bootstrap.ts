import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import { SandboxClient } from './admin-client.ts';
import type { ControlPlaneInfo } from './control-plane.ts';
import { CRD_DIR, DEPLOY_DIR, REPO_ROOT } from './paths.ts';

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export function adminClient(info: ControlPlaneInfo): SandboxClient {
  return new SandboxClient(info.server, info.caFile, info.users.admin.token);
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Installs what a Kubeflow cluster has and the app needs: the Notebook, PodDefault and PVCViewer
 * CRDs, the kubeflow-{admin,edit,view} roles, a default StorageClass, the kubeflow namespace and the
 * app's own RBAC from deploy/ (so a rule missing there fails a test).
 */
export async function bootstrapCluster(info: ControlPlaneInfo, log: (msg: string) => void = () => {}): Promise<void> {
  const client = adminClient(info);
  try {
    log('installing Kubeflow CRDs');
    const crds = readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'));
    for (const file of crds) for (const m of readManifests(join(CRD_DIR, file))) await client.apply(m);
    for (const file of crds) {
      const name = file.replace(/\.yaml$/, '');
      await waitUntil(`CRD ${name}`, 30_000, async () => {
        const crd = await client.must('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        return (crd.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
      });
    }
    log('installing roles, the default StorageClass and the app RBAC');
    const files = [
      join(REPO_ROOT, 'sandbox', 'manifests', 'kubeflow-roles.yaml'),
      join(DEPLOY_DIR, 'base', 'cluster-role.yaml'),
      join(DEPLOY_DIR, 'base', 'user-roles.yaml'),
    ];
    for (const file of files) for (const m of readManifests(file)) await client.apply(m);
    await waitUntil('role aggregation (kubeflow-edit)', 60_000, async () => {
      const role = await client.must('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/kubeflow-edit');
      const resources = new Set((role.rules ?? []).flatMap((r: any) => r.resources ?? []));
      return resources.has('notebooks') && resources.has('pods') && resources.has('pods/log');
    });
    await waitUntil('role aggregation (kubeflow-view)', 60_000, async () => {
      const role = await client.must('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/kubeflow-view');
      const resources = new Set((role.rules ?? []).flatMap((r: any) => r.resources ?? []));
      return resources.has('notebooks') && resources.has('pods');
    });
    // A just-established CRD answers 429 until its storage is initialised: wait for every list.
    for (const path of [
      '/apis/kubeflow.org/v1/notebooks',
      '/apis/kubeflow.org/v1beta1/notebooks',
      '/apis/kubeflow.org/v1alpha1/notebooks',
      '/apis/kubeflow.org/v1alpha1/poddefaults',
      '/apis/kubeflow.org/v1alpha1/pvcviewers',
    ]) {
      await waitUntil(
        `${path} served`,
        30_000,
        async () => (await client.call('GET', `${path}?limit=1`)).status === 200,
      );
    }
  } finally {
    await client.close();
  }
}

export interface ProfileBindings {
  editors?: string[];
  viewers?: string[];
  editorGroups?: string[];
}

/** A Kubeflow-profile-like namespace: the profile labels and RoleBindings to kubeflow-edit/view. */
export async function createProfileNamespace(
  client: SandboxClient,
  namespace: string,
  bindings: ProfileBindings,
  labels: Record<string, string> = {},
): Promise<void> {
  await client.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        'app.kubernetes.io/part-of': 'kubeflow-profile',
        'katib.kubeflow.org/metrics-collector-injection': 'enabled',
        ...labels,
      },
    } as Manifest['metadata'],
  });
  const binding = (name: string, role: string, subjects: { kind: string; name: string }[]) =>
    client.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: subjects.map((s) => ({ apiGroup: 'rbac.authorization.k8s.io', ...s })),
    } as Manifest);
  for (const user of bindings.editors ?? []) {
    await binding(`user-${user.replace(/[^a-z0-9]+/g, '-')}-clusterrole-edit`, 'kubeflow-edit', [
      { kind: 'User', name: user },
    ]);
  }
  for (const user of bindings.viewers ?? []) {
    await binding(`user-${user.replace(/[^a-z0-9]+/g, '-')}-clusterrole-view`, 'kubeflow-view', [
      { kind: 'User', name: user },
    ]);
  }
  for (const group of bindings.editorGroups ?? []) {
    await binding(`group-${group.replace(/[^a-z0-9]+/g, '-')}-clusterrole-edit`, 'kubeflow-edit', [
      { kind: 'Group', name: group },
    ]);
  }
}
