import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { testNamespace } from '../support/cluster.ts';
import { SPEC_ROUTES, fillPath } from '../support/spec-routes.ts';

describe('identity from the trusted headers (api.md §1.3)', () => {
  let ns: string;
  beforeAll(async () => {
    ns = await testNamespace('ident');
  });

  describe('with a custom header and prefix', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        args: ['-userid-header', 'X-Auth-Email'],
        env: { USERID_PREFIX: 'accounts.google.com:', GROUPS_HEADER: 'X-Auth-Groups' },
      });
    });
    afterAll(async () => t?.close());

    const get = (headers: Record<string, string | string[]>) =>
      t.app.inject({ method: 'GET', url: `/api/namespaces/${ns}/poddefaults`, headers });

    it('reads the user from the configured header and strips the leading prefix', async () => {
      const res = await get({ 'x-auth-email': 'accounts.google.com:alice@example.com' });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toBe('alice@example.com');
    });

    it('does not strip the prefix from the middle of the value', async () => {
      const res = await get({ 'x-auth-email': 'evil-accounts.google.com:alice@example.com' });
      expect(res.statusCode).toBe(403);
      expect(res.json().user).toBe('evil-accounts.google.com:alice@example.com');
    });

    it('ignores the default header name once another is configured', async () => {
      const res = await get({ 'kubeflow-userid': 'alice@example.com' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ success: false, status: 401, user: null, log: 'No user detected.' });
    });

    it('passes groups from the repeated, comma-separated groups header to the review', async () => {
      const res = await get({ 'x-auth-email': 'carol@example.com', 'x-auth-groups': ['nobody-group, ', ' ,team-a'] });
      expect(res.statusCode).toBe(200);
      const without = await get({ 'x-auth-email': 'carol@example.com', 'x-auth-groups': 'team-b' });
      expect(without.statusCode).toBe(403);
    });
  });

  describe('the groups header', () => {
    const forgedAdmin = ['system:masters'];
    const notebookBody = (name: string) => ({ name, image: 'jupyter/minimal:latest', cpu: '0.5', memory: '1Gi' });

    it('is off by default: a forged kubeflow-groups header, system:masters or not, gives nothing', async () => {
      const t = await startTestApp({ env: { GROUPS_HEADER: '' } });
      try {
        expect(t.settings.groupsHeader).toBe('');
        const viaGroup = await requestAs(t.app, 'carol@example.com', {
          url: `/api/namespaces/${ns}/poddefaults`,
          groups: ['team-a'],
        });
        expect(viaGroup.statusCode).toBe(403);
        const all = await requestAs(t.app, 'mallory@example.com', { url: '/api/namespaces', groups: forgedAdmin });
        expect(all.json().namespaces).toEqual([]);
        const create = await requestAs(t.app, 'mallory@example.com', {
          method: 'POST',
          url: `/api/namespaces/${ns}/notebooks`,
          payload: notebookBody('forged'),
          groups: forgedAdmin,
        });
        expect(create.statusCode).toBe(403);
      } finally {
        await t.close();
      }
    });

    it('when enabled, passes groups but drops system: ones, and warns once', async () => {
      const warnings: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, done) {
          warnings.push(chunk.toString());
          done();
        },
      });
      const t = await startTestApp({
        env: { GROUPS_HEADER: 'kubeflow-groups' },
        logger: pino({ level: 'warn' }, sink),
      });
      try {
        const viaGroup = await requestAs(t.app, 'carol@example.com', {
          url: `/api/namespaces/${ns}/poddefaults`,
          groups: ['team-a'],
        });
        expect(viaGroup.statusCode).toBe(200);
        for (let i = 0; i < 2; i++) {
          const all = await requestAs(t.app, 'mallory@example.com', {
            url: '/api/namespaces',
            groups: [...forgedAdmin, 'system:authenticated'],
          });
          expect(all.json().namespaces).toEqual([]);
        }
        const create = await requestAs(t.app, 'mallory@example.com', {
          method: 'POST',
          url: `/api/namespaces/${ns}/notebooks`,
          payload: notebookBody('forged'),
          groups: forgedAdmin,
        });
        expect(create.statusCode).toBe(403);
        expect(warnings.filter((w) => w.includes('system: group'))).toHaveLength(1);
      } finally {
        await t.close();
      }
    });
  });

  describe('in production mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t?.close());

    it('answers 401 "No user detected." on every authenticated spec route without a user, and serves the public ones', async () => {
      const params = { ns, nb: 'nb', pvc: 'pvc', pod: 'pod', viewer: 'v', hours: '1' };
      for (const route of SPEC_ROUTES) {
        if (!t.app.hasRoute({ method: route.method, url: route.path })) continue;
        for (const headers of [{}, { 'kubeflow-userid': '' }, { 'kubeflow-userid': '   ' }]) {
          const res = await t.app.inject({ method: route.method, url: fillPath(route.path, params), headers });
          if ('public' in route.access) expect([route.id, res.statusCode]).not.toEqual([route.id, 401]);
          else expect([route.id, res.statusCode, res.json().log]).toEqual([route.id, 401, 'No user detected.']);
        }
      }
    });
  });

  describe('in development mode (loopback only)', () => {
    it('turns authentication and SubjectAccessReviews off without a dev user', async () => {
      const t = await startTestApp({ env: { BACKEND_MODE: 'dev', LISTEN_ADDRESS: '127.0.0.1:5000' } });
      try {
        const res = await t.app.inject({ method: 'GET', url: `/api/namespaces/${ns}/poddefaults` });
        expect(res.statusCode).toBe(200);
        expect(res.json().user).toBeNull();
        // Even a header naming someone without rights changes nothing: no one is checked.
        const as = await t.app.inject({
          method: 'GET',
          url: `/api/namespaces/${ns}/poddefaults`,
          headers: { 'kubeflow-userid': 'mallory@example.com' },
        });
        expect(as.statusCode).toBe(200);
        expect(t.reviewer.reviewsSent).toBe(0);
      } finally {
        await t.close();
      }
    });

    it('acts as the dev user, still checked by SubjectAccessReviews', async () => {
      const t = await startTestApp({
        args: ['-dev-user', 'bob@example.com'],
        env: { BACKEND_MODE: 'dev', LISTEN_ADDRESS: '127.0.0.1:5000' },
      });
      try {
        const res = await t.app.inject({ method: 'GET', url: `/api/namespaces/${ns}/poddefaults` });
        expect(res.statusCode).toBe(200);
        expect(res.json().user).toBe('bob@example.com');
        const other = await t.app.inject({
          method: 'GET',
          url: `/api/namespaces/${ns}/poddefaults`,
          headers: { 'kubeflow-userid': 'mallory@example.com' },
        });
        expect(other.statusCode).toBe(403);
        expect(t.reviewer.reviewsSent).toBe(2);
      } finally {
        await t.close();
      }
    });
  });
});
