import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORK_MESSAGES } from '../../backend/src/http/framework-errors.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { SPEC_ROUTES, fillPath } from '../support/spec-routes.ts';

/** A DNS-1123 subdomain of exactly `length` characters (labels of at most 63). */
function longName(prefix: string, length = 253): string {
  let name = prefix;
  while (name.length < length) name += name.length % 60 === 59 ? '.' : 'x';
  return name.replace(/\.$/, 'y').slice(0, length).replace(/\.$/, 'z');
}

/** Sends raw bytes and returns the raw answer (for what Node's HTTP parser refuses). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
  });
}

function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head, body] = answer.split('\r\n\r\n', 2) as [string, string];
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe('names up to 253 characters and errors the framework raises', () => {
  let t: TestApp;
  let ns: string;
  let port: number;
  const ALICE = 'alice@example.com';

  beforeAll(async () => {
    t = await startTestApp();
    ns = await testNamespace('longnames');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t?.close());

  it('gets and deletes a PVC whose name has 253 characters', async () => {
    const name = longName('pvc-');
    expect(name).toHaveLength(253);
    const admin = clientAs('admin');
    try {
      await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
        metadata: { name },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
    } finally {
      await admin.close();
    }
    const get = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/${name}` });
    expect([get.statusCode, get.json().pvc?.metadata?.name]).toEqual([200, name]);
    const del = await requestAs(t.app, ALICE, { method: 'DELETE', url: `/api/namespaces/${ns}/pvcs/${name}` });
    expect([del.statusCode, del.json().message]).toEqual([200, `PVC ${name} successfully deleted.`]);
  });

  it('routes a 253-character name on every route with a name parameter; longer ones get a 400 naming it', async () => {
    const name = longName('n-');
    const params = { ns, nb: name, pvc: name, pod: name, viewer: name, hours: '1' };
    const named = SPEC_ROUTES.filter(
      (r) => /:(nb|pvc|pod|viewer)\b/.test(r.path) && t.app.hasRoute({ method: r.method, url: r.path }),
    );
    expect(named.length).toBeGreaterThanOrEqual(10);
    for (const route of named) {
      const res = await requestAs(t.app, ALICE, {
        method: route.method,
        url: fillPath(route.path, params),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      // Reaches the handler: whatever it answers, it is not the router's 414 nor the name check's 400.
      expect([route.id, res.statusCode]).not.toEqual([route.id, 414]);
      expect([route.id, res.json().log ?? '']).not.toEqual([
        route.id,
        expect.stringMatching(/^Invalid (nb|pvc|pod|viewer)/),
      ]);
    }
    const tooLong = longName('n-', 254);
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/${tooLong}` });
    expect([res.statusCode, res.json().errors]).toEqual([
      400,
      [{ field: 'pvc', message: `Invalid pvc '${tooLong}'.` }],
    ]);
  });

  it('answers a path parameter beyond what the router takes with 414 in the envelope, with the security headers', async () => {
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs/${'a'.repeat(600)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ success: false, status: 414, log: FRAMEWORK_MESSAGES.uriTooLong, user: null });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a malformed URL, oversized headers and a malformed request in the envelope, with the security headers', async () => {
    const cases: [string, number, string][] = [
      [
        `GET /api/namespaces/${ns}/pvcs/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        400,
        FRAMEWORK_MESSAGES.badUrl,
      ],
      [
        `GET /api/config HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
        431,
        FRAMEWORK_MESSAGES.headersTooLarge,
      ],
      ['NOT HTTP AT ALL\r\n\r\n', 400, FRAMEWORK_MESSAGES.badRequest],
    ];
    for (const [bytes, status, log] of cases) {
      const answer = parseRaw(await rawExchange(port, bytes));
      expect([answer.status, answer.body]).toEqual([status, { success: false, status, log, user: null }]);
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('answers 405 with Allow for any method a known path lacks, QUERY and OPTIONS included, before other checks', async () => {
    const query = await t.app.inject({ method: 'QUERY' as 'GET', url: `/api/namespaces/${ns}/pvcs` });
    expect([query.statusCode, query.headers.allow, query.json().log]).toEqual([
      405,
      'GET, HEAD, POST',
      'Method QUERY not allowed.',
    ]);
    // `usage` is also a valid PVC name, so the path has the methods of both routes.
    const options = await requestAs(t.app, ALICE, { method: 'OPTIONS', url: `/api/namespaces/${ns}/pvcs/usage` });
    expect([options.statusCode, options.headers.allow]).toEqual([405, 'DELETE, GET, HEAD, PATCH']);
    const put = await t.app.inject({ method: 'PUT', url: `/api/namespaces/${ns}/notebooks`, payload: 'x' });
    expect([put.statusCode, put.headers.allow]).toEqual([405, 'GET, HEAD, POST']);
  });
});
