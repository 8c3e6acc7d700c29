import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';

/** api.md §2, as [#, method, path, request body?, JSON response?]; route 26 (the SPA) is not API. */
const SPEC_ROUTES: [number, string, string, boolean, boolean][] = [
  [1, 'GET', '/api/config', false, true],
  [2, 'GET', '/api/gpus', false, true],
  [3, 'GET', '/api/storageclasses', false, true],
  [4, 'GET', '/api/storageclasses/default', false, true],
  [5, 'GET', '/api/namespaces/:ns/cost/allocation', false, true],
  [6, 'GET', '/api/namespaces', false, true],
  [7, 'GET', '/api/namespaces/:ns', false, true],
  [8, 'GET', '/api/namespaces/:ns/notebooks', false, true],
  [9, 'POST', '/api/namespaces/:ns/notebooks', true, true],
  [10, 'GET', '/api/namespaces/:ns/notebooks/:nb', false, true],
  [11, 'GET', '/api/namespaces/:ns/notebooks/:nb/pod', false, true],
  [12, 'GET', '/api/namespaces/:ns/notebooks/:nb/pod/:pod/logs', false, true],
  [13, 'GET', '/api/namespaces/:ns/notebooks/:nb/events', false, true],
  [14, 'DELETE', '/api/namespaces/:ns/notebooks/:nb', false, true],
  [15, 'PATCH', '/api/namespaces/:ns/notebooks/:nb', true, true],
  [16, 'GET', '/api/namespaces/:ns/pvcs', false, true],
  [17, 'GET', '/api/namespaces/:ns/pvcs/:pvc', false, true],
  [18, 'DELETE', '/api/namespaces/:ns/pvcs/:pvc', false, true],
  [19, 'GET', '/api/namespaces/:ns/pvcs/:pvc/pods', false, true],
  [20, 'GET', '/api/namespaces/:ns/pvcs/:pvc/events', false, true],
  [21, 'GET', '/api/namespaces/:ns/poddefaults', false, true],
  [22, 'POST', '/api/namespaces/:ns/pvcs', true, true],
  [23, 'GET', '/info', false, true],
  [24, 'GET', '/healthz/liveness', false, false],
  [24, 'GET', '/healthz/readiness', false, false],
  [25, 'GET', '/metrics', false, false],
  [27, 'POST', '/api/namespaces/:ns/notebooks/:nb', true, true],
  [28, 'POST', '/api/namespaces/:ns/createdefault', false, true],
  [29, 'GET', '/api/namespaces/:ns/defaultnotebook', false, true],
  [30, 'POST', '/api/namespaces/:ns/viewers', true, true],
  [31, 'DELETE', '/api/namespaces/:ns/viewers/:viewer', false, true],
  [32, 'PATCH', '/api/namespaces/:ns/pvcs/usage', true, true],
  [33, 'GET', '/api/namespaces/:ns/pvc-usage', false, true],
  [34, 'PATCH', '/api/namespaces/:ns/notebooks/:nb/keepalive/:hours', false, true],
];

/** The routes this branch must register itself (the others arrive with the notebooks work). */
const OWN_ROUTES = [1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 33];

type Operation = {
  summary: string;
  parameters: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  'x-missing-docs'?: boolean;
};

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await startTestApp();
    const res = await requestAs(t.app, null, { url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json();
  });
  afterAll(async () => t.close());

  it('is OpenAPI 3 and registers every route this branch owns', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const [n, method, path] of SPEC_ROUTES.filter(([n]) => OWN_ROUTES.includes(n))) {
      expect(t.app.hasRoute({ method: method as 'GET', url: path }), `route ${n} ${method} ${path}`).toBe(true);
    }
  });

  it('lists every registered route of the spec table with its method and schemas', () => {
    const registered = SPEC_ROUTES.filter(([, method, path]) => t.app.hasRoute({ method: method as 'GET', url: path }));
    expect(registered.length).toBeGreaterThanOrEqual(OWN_ROUTES.length);
    for (const [n, method, path, hasBody, hasJson] of registered) {
      const op = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      expect(op, `route ${n} ${method} ${path}`).toBeDefined();
      const params = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect(op!.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(params);
      if (hasBody) expect(op!.requestBody?.content['application/json']?.schema, `body of route ${n}`).toBeDefined();
      if ((hasJson && path.startsWith('/api')) || n === 23) {
        expect(op!.responses['200']?.content?.['application/json']?.schema, `response of route ${n}`).toBeDefined();
      }
    }
  });

  it('has docs for every registered /api route and every operational endpoint', () => {
    const apiOps = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(apiOps.length).toBeGreaterThan(20);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/info', '/healthz/liveness', '/healthz/readiness', '/metrics']),
    );
    for (const { path, method, op } of apiOps) {
      expect(op['x-missing-docs'], `${method} ${path} has no config.docs`).toBeUndefined();
      expect(op.summary.length).toBeGreaterThan(5);
    }
  });

  it('describes the PVC list item and the create body precisely', () => {
    const list = doc.paths['/api/namespaces/{ns}/pvcs']!.get!;
    const schema = list.responses['200']!.content!['application/json']!.schema as any;
    expect(Object.keys(schema.properties.pvcs.items.properties)).toEqual(
      expect.arrayContaining(['name', 'capacity', 'class', 'status', 'notebooks', 'viewer']),
    );
    const create = doc.paths['/api/namespaces/{ns}/pvcs']!.post!;
    const body = create.requestBody!.content['application/json']!.schema as any;
    expect(body.properties.mode.enum).toEqual(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '409']));
    const cost = doc.paths['/api/namespaces/{ns}/cost/allocation']!.get!;
    expect(cost.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:ns',
      'query:window',
      'header:X-Min-Resource-Version',
    ]);
  });

  it('documents path parameters with the pattern and length the server enforces, and every status a route gives', () => {
    const get = doc.paths['/api/namespaces/{ns}/pvcs/{pvc}']!.get!;
    type Param = { name: string; schema: { pattern?: string; maxLength?: number } };
    const schemaOf = (name: string) => (get.parameters as unknown as Param[]).find((p) => p.name === name)!.schema;
    expect(schemaOf('ns')).toMatchObject({ type: 'string', maxLength: 63, pattern: expect.any(String) });
    expect(schemaOf('pvc')).toMatchObject({ type: 'string', maxLength: 253, pattern: expect.any(String) });
    expect(new RegExp(schemaOf('pvc').pattern!).test('a'.repeat(253))).toBe(true);
    expect(new RegExp(schemaOf('ns').pattern!).test('Not_A_Label')).toBe(false);
    // A GET with path parameters: bad names (400), the router's bound (414), conditional GET (304), the cache-age header.
    expect(Object.keys(get.responses)).toEqual(
      expect.arrayContaining(['200', '304', '400', '401', '403', '404', '414', '500', '503', '504']),
    );
    expect(Object.keys((get.responses['200'] as { headers?: object }).headers ?? {})).toEqual(['X-Cache-Age']);
    // A mutating route: CSRF, non-JSON and too-large bodies, the rate limit.
    const patch = doc.paths['/api/namespaces/{ns}/pvcs/usage']!.patch!;
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['400', '403', '413', '429']));
    // The readiness probe documents its 503 as the bare string it is.
    const readiness = doc.paths['/healthz/readiness']!.get!;
    expect(readiness.responses['503']!.content!['application/json']!.schema).toEqual({ type: 'string' });
  });

  it('serves a docs page only in development mode', async () => {
    expect((await requestAs(t.app, null, { url: '/api/docs' })).statusCode).toBe(404);
    const dev = await startTestApp({ env: { DEV_USER: 'dev@example.com', LISTEN_ADDRESS: '127.0.0.1:5000' } });
    try {
      const page = await requestAs(dev.app, null, { url: '/api/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('GET /api/namespaces/{ns}/pvcs');
      expect(page.body).not.toMatch(/<script|https?:\/\//);
    } finally {
      await dev.close();
    }
  });
});

describe('wrong method on a known path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { APP_PREFIX: '/jupyter' } });
  });
  afterAll(async () => t.close());

  it('answers 405 with an Allow header listing the methods the path has', async () => {
    const res = await requestAs(t.app, 'alice@example.com', { method: 'PUT', url: '/api/namespaces/ns1/pvcs/data' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('DELETE, GET, HEAD');
    expect(res.json()).toEqual({
      success: false,
      status: 405,
      user: 'alice@example.com',
      log: 'Method PUT not allowed.',
    });
    const post = await requestAs(t.app, null, { method: 'POST', url: '/jupyter/api/storageclasses/' });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(post.json().log).toBe('Method POST not allowed.');
  });

  it('still answers 404 for an unknown path', async () => {
    const res = await requestAs(t.app, 'alice@example.com', { method: 'PUT', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
    const get = await requestAs(t.app, 'alice@example.com', { url: '/api/namespaces/ns1/unknown' });
    expect(get.statusCode).toBe(404);
  });
});
