import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { clientAs, controlPlane, testNamespace } from '../support/cluster.ts';

function notebook(name: string, containers: unknown[]) {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name },
    spec: { template: { spec: { containers } } },
  };
}

describe('the local control plane', () => {
  let ns: string;
  let admin: SandboxClient;

  beforeAll(async () => {
    ns = await testNamespace('cp');
    admin = clientAs('admin');
  });
  afterAll(async () => admin.close());

  it('serves the Kubeflow CRDs in every Notebook version', async () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
      const res = await admin.call('GET', `/apis/kubeflow.org/${version}/namespaces/${ns}/notebooks`);
      expect(res.status, version).toBe(200);
    }
    const pd = await admin.call('GET', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`);
    expect(pd.status).toBe(200);
  });

  it('creates, reads and deletes a real Notebook', async () => {
    const path = `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`;
    const created = await admin.must('POST', path, notebook('nb-crud', [{ name: 'nb-crud', image: 'jupyter:1' }]));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const read = await admin.must('GET', `${path}/nb-crud`);
    expect(read.spec.template.spec.containers[0].image).toBe('jupyter:1');
    const again = await admin.call('POST', path, notebook('nb-crud', [{ name: 'nb-crud', image: 'jupyter:1' }]));
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('AlreadyExists');
    await admin.must('DELETE', `${path}/nb-crud`);
    const gone = await admin.call('GET', `${path}/nb-crud`);
    expect(gone.status).toBe(404);
  });

  it('rejects a Notebook that violates the CRD schema (the server, not our code)', async () => {
    const path = `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`;
    const noContainers = await admin.call('POST', path, notebook('nb-bad', []));
    expect(noContainers.status).toBe(422);
    expect(noContainers.json.reason).toBe('Invalid');
    expect(JSON.stringify(noContainers.json.details.causes)).toContain('containers');
    const badPolicy = await admin.call(
      'POST',
      path,
      notebook('nb-bad', [{ name: 'nb-bad', imagePullPolicy: 'Sometimes' }]),
    );
    expect(badPolicy.status).toBe(422);
    const badQuantity = await admin.call(
      'POST',
      path,
      notebook('nb-bad', [{ name: 'nb-bad', resources: { requests: { cpu: 'lots' } } }]),
    );
    expect(badQuantity.status === 422 || badQuantity.status === 201).toBe(true);
    const noSelector = await admin.call('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'pd-bad' },
      spec: { desc: 'no selector' },
    });
    expect(noSelector.status).toBe(422);
  });

  it('applies a JSON merge patch and reports a stale resourceVersion as 409', async () => {
    const path = `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`;
    const created = await admin.must('POST', path, notebook('nb-patch', [{ name: 'nb-patch', image: 'x' }]));
    const patched = await admin.must(
      'PATCH',
      `${path}/nb-patch`,
      { metadata: { annotations: { 'kubeflow-resource-stopped': '2024-01-01T00:00:00Z' } } },
      'application/merge-patch+json',
    );
    expect(patched.metadata.annotations['kubeflow-resource-stopped']).toBe('2024-01-01T00:00:00Z');
    const stale = await admin.call('PUT', `${path}/nb-patch`, created);
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
  });

  it('enforces RBAC for the test users through the profile RoleBindings', async () => {
    const can = async (user: string, groups: string[], verb: string, resource: string, group = '') => {
      const review = await admin.must('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user, groups, resourceAttributes: { namespace: ns, verb, group, resource } },
      });
      return review.status.allowed === true;
    };
    const { users } = controlPlane();
    expect(await can(users.alice.user, [], 'create', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(await can(users.bob.user, [], 'create', 'notebooks', 'kubeflow.org')).toBe(false);
    expect(await can(users.bob.user, [], 'list', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(await can(users.carol.user, ['team-a'], 'create', 'notebooks', 'kubeflow.org')).toBe(true);
    expect(await can(users.carol.user, [], 'create', 'notebooks', 'kubeflow.org')).toBe(false);
    expect(await can(users.mallory.user, [], 'list', 'pods')).toBe(false);

    const bob = clientAs('bob');
    try {
      const denied = await bob.call(
        'POST',
        `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`,
        notebook('bobs', [{ name: 'bobs' }]),
      );
      expect(denied.status).toBe(403);
    } finally {
      await bob.close();
    }
  });

  it('streams watch events for a namespace', async () => {
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const list = await admin.must('GET', path);
    const watch = admin.call(
      'GET',
      `${path}?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=2`,
    );
    await admin.must('POST', path, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'watched' },
      data: { a: 'b' },
    });
    const res = await watch;
    const events = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'watched')).toBe(true);
  });
});
