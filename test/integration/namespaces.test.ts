import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { ensureClusterAdminUser, testNamespace } from '../support/cluster.ts';

describe('namespace routes', () => {
  let t: TestApp;
  let ns: string;
  let foreign: string;
  let root: string;

  beforeAll(async () => {
    t = await startTestApp();
    root = await ensureClusterAdminUser();
    ns = await testNamespace('nsr');
    foreign = await testNamespace('nsr-other', { editors: ['someone-else@example.com'] });
  });
  afterAll(async () => t.close());

  it('lists every namespace, sorted, for someone who may list namespaces', async () => {
    const res = await requestAs(t.app, root, { url: '/api/namespaces' });
    expect(res.statusCode).toBe(200);
    const names = res.json().namespaces as string[];
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kubeflow', ns, foreign]));
    expect(names).toEqual([...names].sort());
  });

  it('lists only the namespaces where a profile user may list notebooks', async () => {
    const res = await requestAs(t.app, 'alice@example.com', { url: '/api/namespaces' });
    expect(res.statusCode).toBe(200);
    const names = res.json().namespaces as string[];
    expect(names).toContain(ns);
    expect(names).not.toContain(foreign);
    expect(names).not.toContain('kube-system');
    const viaGroup = await requestAs(t.app, 'carol@example.com', { url: '/api/namespaces', groups: ['team-a'] });
    expect(viaGroup.json().namespaces).toContain(ns);
    const none = await requestAs(t.app, 'mallory@example.com', { url: '/api/namespaces' });
    expect(none.statusCode).toBe(200);
    expect(none.json().namespaces).toEqual([]);
  });

  it('never takes system: groups from the header: system:masters gives nothing', async () => {
    const forged = await requestAs(t.app, 'mallory@example.com', {
      url: '/api/namespaces',
      groups: ['system:masters'],
    });
    expect(forged.statusCode).toBe(200);
    expect(forged.json().namespaces).toEqual([]);
  });

  it('answers 401 without a user', async () => {
    const res = await requestAs(t.app, null, { url: '/api/namespaces' });
    expect(res.statusCode).toBe(401);
    expect(res.json().log).toBe('No user detected.');
  });

  it('gets one namespace: metadata, spec and status', async () => {
    const res = await requestAs(t.app, 'bob@example.com', { url: `/api/namespaces/${ns}` });
    expect(res.statusCode).toBe(200);
    const { namespace } = res.json();
    expect(namespace.metadata).toMatchObject({
      name: ns,
      labels: { 'app.kubernetes.io/part-of': 'kubeflow-profile', 'kubernetes.io/metadata.name': ns },
      annotations: {},
    });
    expect(Date.parse(namespace.metadata.creationTimestamp)).toBeGreaterThan(0);
    expect(Object.keys(namespace.metadata).sort()).toEqual(['annotations', 'creationTimestamp', 'labels', 'name']);
    expect(namespace.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(namespace.status).toEqual({ phase: 'Active' });
  });

  it('answers 403 for a user without rights and 404 for an unknown namespace', async () => {
    const denied = await requestAs(t.app, 'mallory@example.com', { url: `/api/namespaces/${ns}` });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().log).toBe(
      `User 'mallory@example.com' is not authorized to get v1/namespaces in namespace '${ns}'`,
    );
    const missing = await requestAs(t.app, root, { url: '/api/namespaces/no-such-namespace' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().log).toBe("Namespace 'no-such-namespace' not found.");
  });
});
