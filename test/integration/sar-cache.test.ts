import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';

// Users of these tests only, so bindings they change cannot alter what other test files expect.
const ERIN = 'erin@example.com';
const ERIN_BINDING = 'user-erin-example-com-clusterrole-edit';
const DAVE = 'dave@example.com';

describe('SubjectAccessReview cache (SAR_CACHE_TTL_SECONDS)', () => {
  const admin = clientAs('admin');
  afterAll(async () => admin.close());

  describe('with the default TTL', () => {
    let t: TestApp;
    let ns: string;
    beforeAll(async () => {
      t = await startTestApp();
      ns = await testNamespace('sarc');
    });
    afterAll(async () => t?.close());

    const list = (user: string | null, groups?: string[]) =>
      requestAs(t.app, user, { url: `/api/namespaces/${ns}/poddefaults`, groups });

    it('asks the API server once, then answers from the cache (allowed and denied alike)', async () => {
      const start = t.reviewer.reviewsSent;
      expect((await list('alice@example.com')).statusCode).toBe(200);
      expect(t.reviewer.reviewsSent).toBe(start + 1);
      for (let i = 0; i < 3; i++) expect((await list('alice@example.com')).statusCode).toBe(200);
      expect(t.reviewer.reviewsSent).toBe(start + 1);

      expect((await list('mallory@example.com')).statusCode).toBe(403);
      expect((await list('mallory@example.com')).statusCode).toBe(403);
      expect(t.reviewer.reviewsSent).toBe(start + 2);
      expect(await t.metrics.registry.getSingleMetric('jwa_sar_cache_hits_total')!.get()).toMatchObject({
        values: [{ value: 4 }],
      });
    });

    it('keys by user and by the sorted groups', async () => {
      const start = t.reviewer.reviewsSent;
      expect((await list('carol@example.com', ['team-a', 'zeta'])).statusCode).toBe(200);
      expect((await list('carol@example.com', ['zeta', 'team-a'])).statusCode).toBe(200);
      expect(t.reviewer.reviewsSent).toBe(start + 1);
      // Another group set is another question: without team-a, carol has no rights.
      expect((await list('carol@example.com')).statusCode).toBe(403);
      expect(t.reviewer.reviewsSent).toBe(start + 2);
      expect((await list('bob@example.com')).statusCode).toBe(200);
      expect(t.reviewer.reviewsSent).toBe(start + 3);
    });

    it('shares one review among concurrent identical requests', async () => {
      const fresh = await testNamespace('sarc-burst');
      const start = t.reviewer.reviewsSent;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          requestAs(t.app, 'bob@example.com', { url: `/api/namespaces/${fresh}/poddefaults` }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
      expect(t.reviewer.reviewsSent).toBe(start + 1);
    });
  });

  describe('with a 1 s TTL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { SAR_CACHE_TTL_SECONDS: '1' } });
    });
    afterAll(async () => t?.close());

    it('stops honouring a deleted RoleBinding once the cached answer expires', async () => {
      const ns = await testNamespace('sarc-revoke', { editors: [ERIN], viewers: ['bob@example.com'] });
      const url = `/api/namespaces/${ns}/poddefaults`;
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
        if (attempt > 0) await sleep(100);
        status = (await requestAs(t.app, ERIN, { url })).statusCode;
      }
      expect(status).toBe(200);

      await admin.must('DELETE', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${ERIN_BINDING}`);
      for (let attempt = 0; attempt < 100 && status === 200; attempt++) {
        await sleep(100);
        status = (await requestAs(t.app, ERIN, { url })).statusCode;
      }
      expect(status).toBe(403);
      // Bob's binding is untouched.
      expect((await requestAs(t.app, 'bob@example.com', { url })).statusCode).toBe(200);
    });

    it('notices a new RoleBinding once a cached denial expires', async () => {
      const ns = await testNamespace('sarc-grant');
      const url = `/api/namespaces/${ns}/poddefaults`;
      expect((await requestAs(t.app, DAVE, { url })).statusCode).toBe(403);
      await admin.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'dave-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeflow-view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: DAVE }],
      });
      let status = 403;
      for (let attempt = 0; attempt < 100 && status === 403; attempt++) {
        await sleep(100);
        status = (await requestAs(t.app, DAVE, { url })).statusCode;
      }
      expect(status).toBe(200);
    });
  });

  it('asks every time with SAR_CACHE_TTL_SECONDS=0', async () => {
    const t = await startTestApp({ env: { SAR_CACHE_TTL_SECONDS: '0' } });
    try {
      const ns = await testNamespace('sarc-off');
      const start = t.reviewer.reviewsSent;
      for (let i = 0; i < 3; i++) {
        expect(
          (await requestAs(t.app, 'alice@example.com', { url: `/api/namespaces/${ns}/poddefaults` })).statusCode,
        ).toBe(200);
      }
      expect(t.reviewer.reviewsSent).toBe(start + 3);
    } finally {
      await t.close();
    }
  });
});
