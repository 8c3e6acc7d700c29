import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { createProfileNamespace, type ProfileBindings } from '../../sandbox/src/bootstrap.ts';
import type { ControlPlaneInfo, UserName } from '../../sandbox/src/control-plane.ts';

export function controlPlane(): ControlPlaneInfo {
  return inject('controlPlane');
}

/** A client acting as one of the control plane's users (admin by default). */
export function clientAs(user: UserName = 'admin'): SandboxClient {
  const info = controlPlane();
  return new SandboxClient(info.server, info.caFile, info.users[user].token);
}

/**
 * Waits (bounded) until the API server's RBAC authorizer sees a just-written (Cluster)RoleBinding:
 * its informer lags the write by a few milliseconds, more on a loaded machine.
 */
export async function waitForAccess(
  user: string,
  groups: string[],
  attributes: { namespace?: string; verb: string; group?: string; resource: string; subresource?: string },
  expected = true,
): Promise<void> {
  const admin = clientAs('admin');
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const review = await admin.must('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user, groups, resourceAttributes: { group: '', ...attributes } },
      });
      if ((review.status?.allowed === true) === expected) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`RBAC for ${user} on ${attributes.verb} ${attributes.resource} never became ${expected}`);
  } finally {
    await admin.close();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export const DEFAULT_BINDINGS: ProfileBindings = {
  editors: ['alice@example.com'],
  viewers: ['bob@example.com'],
  editorGroups: ['team-a'],
};

/**
 * A fresh profile namespace for one test: alice edits, bob views, group team-a (carol) edits,
 * mallory has nothing. Namespaces are left behind (the controller-manager deletes them slowly and
 * each run has its own control plane).
 */
export async function testNamespace(
  prefix = 'test',
  bindings: ProfileBindings = DEFAULT_BINDINGS,
  labels: Record<string, string> = {},
): Promise<string> {
  const name = uniqueName(prefix);
  const admin = clientAs('admin');
  try {
    await createProfileNamespace(admin, name, bindings, labels);
  } finally {
    await admin.close();
  }
  const notebooks = { namespace: name, verb: 'list', group: 'kubeflow.org', resource: 'notebooks' };
  for (const user of [...(bindings.editors ?? []), ...(bindings.viewers ?? [])])
    await waitForAccess(user, [], notebooks);
  for (const group of bindings.editorGroups ?? []) await waitForAccess(`member-of-${group}`, [group], notebooks);
  return name;
}

/** A user with cluster-admin rights through a real ClusterRoleBinding (no header can grant them). */
export const CLUSTER_ADMIN_USER = 'root@example.com';

/** Binds CLUSTER_ADMIN_USER to the cluster-admin ClusterRole (idempotent) and waits until RBAC sees it. */
export async function ensureClusterAdminUser(): Promise<string> {
  const admin = clientAs('admin');
  try {
    const res = await admin.call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'test-cluster-admin-user' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: CLUSTER_ADMIN_USER }],
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`cannot bind ${CLUSTER_ADMIN_USER}: ${res.status}`);
  } finally {
    await admin.close();
  }
  await waitForAccess(CLUSTER_ADMIN_USER, [], { verb: 'list', resource: 'namespaces' });
  return CLUSTER_ADMIN_USER;
}
