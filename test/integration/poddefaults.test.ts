import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';

describe('GET /api/namespaces/:ns/poddefaults', () => {
  let t: TestApp;
  let ns: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { HIDDEN_PODDEFAULT_LABELS: 'hidden-one' } });
    ns = await testNamespace('pd');
    const admin = clientAs('admin');
    const pd = (name: string, spec: Record<string, unknown>) =>
      admin.must('POST', `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults`, {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name },
        spec,
      });
    try {
      await pd('zeta', { desc: 'Zeta access', selector: { matchLabels: { 'b-key': 'true', 'a-key': 'x' } } });
      await pd('alpha', { selector: { matchLabels: { 'access-ml-pipeline': 'true' } } });
      await pd('empty-selector', { desc: 'matches nothing', selector: {} });
      await pd('hidden', { selector: { matchLabels: { 'hidden-one': 'true' } } });
    } finally {
      await admin.close();
    }
  });
  afterAll(async () => t.close());

  it('lists them sorted by name with label and desc, tolerating an empty selector', async () => {
    const res = await requestAs(t.app, 'alice@example.com', { url: `/api/namespaces/${ns}/poddefaults` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.success).toBe(true);
    expect(body.user).toBe('alice@example.com');
    const items = body.poddefaults as { metadata: Record<string, unknown>; label: string; desc: string }[];
    expect(items.map((i) => i.metadata.name)).toEqual(['alpha', 'empty-selector', 'zeta']);
    expect(items.map((i) => i.label)).toEqual(['access-ml-pipeline', '', 'a-key']);
    expect(items.map((i) => i.desc)).toEqual(['alpha', 'matches nothing', 'Zeta access']);
    expect(items.every((i) => !('managedFields' in i.metadata))).toBe(true);
  });

  it('answers 403 naming the user and the resource for someone without rights', async () => {
    const res = await requestAs(t.app, 'mallory@example.com', { url: `/api/namespaces/${ns}/poddefaults` });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      success: false,
      status: 403,
      user: 'mallory@example.com',
      log: `User 'mallory@example.com' is not authorized to list kubeflow.org/v1alpha1/poddefaults in namespace '${ns}'`,
    });
  });

  it('grants access through a group binding (kubeflow-groups header)', async () => {
    const res = await requestAs(t.app, 'carol@example.com', {
      url: `/api/namespaces/${ns}/poddefaults`,
      groups: ['team-a'],
    });
    expect(res.statusCode).toBe(200);
    const without = await requestAs(t.app, 'carol@example.com', { url: `/api/namespaces/${ns}/poddefaults` });
    expect(without.statusCode).toBe(403);
  });

  it('answers 401 without a user header and 400 for a malformed namespace', async () => {
    expect((await requestAs(t.app, null, { url: `/api/namespaces/${ns}/poddefaults` })).statusCode).toBe(401);
    const bad = await requestAs(t.app, 'alice@example.com', { url: '/api/namespaces/Not_A_Label/poddefaults' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().log).toBe("Invalid ns 'Not_A_Label'.");
  });
});
