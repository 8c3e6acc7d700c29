import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { fuzzValueOf, valueOf, type OpenApiSchema } from '../support/openapi-arbitraries.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';

/**
 * Property-based fuzzing driven by the published /api/openapi.json: every documented operation is
 * called with path parameters, queries and bodies drawn from its own schemas (right, nearly right
 * and wrong), as a user with rights and with the CSRF pair. Every answer must be one the document
 * lists for that operation, with a body that matches the documented schema; a body outside the
 * request schema is never answered 200 (no string field takes a non-string); no 5xx but a
 * documented 502/504 of an upstream service; and no object left half made.
 */
const ALICE = 'alice@example.com';
const TOTAL_CASES = 2200;

type Operation = {
  parameters: { name: string; in: 'path' | 'query'; required?: boolean; schema: OpenApiSchema }[];
  requestBody?: { content: { 'application/json': { schema: OpenApiSchema } } };
  responses: Record<string, { content?: { 'application/json'?: { schema: OpenApiSchema } } }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

interface Case {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

interface Violation {
  operation: string;
  request: string;
  status: number;
  problem: string;
}

describe('fuzzing every route from the published OpenAPI document', () => {
  let t: TestApp;
  let ns: string;
  let doc: Document;
  let prometheus: StubServer;
  let kubecost: StubServer;
  const preexisting = { notebooks: new Set<string>(), pvcs: new Set<string>() };

  beforeAll(async () => {
    ns = await testNamespace('fuzz');
    const admin = clientAs('admin');
    try {
      await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
    } finally {
      await admin.close();
    }
    prometheus = await startStubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    kubecost = await startStubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 200, data: { sets: [] } }));
    });
    t = await startTestApp({
      cache: true,
      env: { PROMETHEUS_URL: prometheus.url, KUBECOST_URL: kubecost.url, RATE_LIMIT_PER_MINUTE: '0' },
    });
    doc = (await requestAs(t.app, null, { url: '/api/openapi.json' })).json();
    const listed = await stored();
    listed.notebooks.forEach((n) => preexisting.notebooks.add(n));
    listed.pvcs.forEach((n) => preexisting.pvcs.add(n));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await prometheus?.close();
    await kubecost?.close();
  });

  async function stored(): Promise<{ notebooks: string[]; pvcs: string[]; mounted: Set<string> }> {
    const admin = clientAs('admin');
    try {
      const notebooks = await admin.must('GET', `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`);
      const pvcs = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`);
      const mounted = new Set<string>();
      for (const nb of notebooks.items)
        for (const v of nb.spec?.template?.spec?.volumes ?? [])
          if (v.persistentVolumeClaim) mounted.add(v.persistentVolumeClaim.claimName);
      return {
        notebooks: notebooks.items.map((o: { metadata: { name: string } }) => o.metadata.name),
        pvcs: pvcs.items.map((o: { metadata: { name: string } }) => o.metadata.name),
        mounted,
      };
    } finally {
      await admin.close();
    }
  }

  /** Path parameter values: mostly names that reach the handler (our namespace, existing objects). */
  function paramValue(name: string, schema: OpenApiSchema): fc.Arbitrary<string> {
    const known: Record<string, string[]> = {
      ns: [ns],
      nb: ['fuzz-nb', 'missing-nb'],
      pvc: ['data', 'missing-pvc', 'usage'],
      pod: ['fuzz-nb-0'],
      viewer: ['data'],
      hours: ['1', '2', '24'],
    };
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(known[name] ?? ['x'])) },
      { weight: 2, arbitrary: valueOf(schema) as fc.Arbitrary<string> },
      // Never empty, `.` or `..`: `/api/namespaces/` and `/api/namespaces/./pvcs` are other paths (a
      // client removes dot segments), not `{ns}` = '' or '.'.
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter((v) => v !== '.' && v !== '..') },
    );
  }

  function caseOf(path: string, method: string, op: Operation): fc.Arbitrary<Case> {
    const path_ = op.parameters.filter((p) => p.in === 'path');
    const query = op.parameters.filter((p) => p.in === 'query');
    return fc.record({
      method: fc.constant(method.toUpperCase()),
      path: fc.constant(path),
      params: fc.record(Object.fromEntries(path_.map((p) => [p.name, paramValue(p.name, p.schema)]))),
      query: fc.record(
        Object.fromEntries(
          query.map((p) => [p.name, fc.oneof(valueOf(p.schema).map(String), fc.string({ maxLength: 20 }))]),
        ),
        { requiredKeys: [] },
      ) as fc.Arbitrary<Record<string, string>>,
      body: op.requestBody ? fuzzValueOf(op.requestBody.content['application/json'].schema) : fc.constant(undefined),
    });
  }

  function url(c: Case): string {
    const path = c.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(c.params[name] ?? ''));
    const qs = new URLSearchParams(c.query).toString();
    return qs ? `${path}?${qs}` : path;
  }

  it(`answers ${TOTAL_CASES}+ generated requests only as documented, with no 5xx and nothing left behind`, async () => {
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
    const validators = new Map<OpenApiSchema, ValidateFunction>();
    const validate = (schema: OpenApiSchema) => {
      const known = validators.get(schema);
      if (known) return known;
      const compiled = ajv.compile(schema);
      validators.set(schema, compiled);
      return compiled;
    };
    // An event stream answers for as long as the client stays, which inject() cannot end; the live
    // stream tests (live-stream.test.ts) cover its answers, refusals included.
    const isStream = (op: Operation) =>
      Object.values(op.responses).some((r) => r.content && 'text/event-stream' in r.content);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !isStream(op))
        .map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(30);
    // Operations with a body get three times the cases: their input space is the largest.
    const weight = (op: Operation) => (op.requestBody ? 3 : 1);
    const totalWeight = operations.reduce((sum, o) => sum + weight(o.op), 0);
    const violations: Violation[] = [];
    const statuses = new Map<number, number>();
    const createdPvcs = new Set<string>();
    const createdNotebooks = new Set<string>();
    let defaultsCreated = 0;
    let cases = 0;

    for (const { path, method, op } of operations) {
      const operation = `${method.toUpperCase()} ${path}`;
      await fc.assert(
        fc.asyncProperty(caseOf(path, method, op), async (c) => {
          cases++;
          const res = await requestAs(t.app, ALICE, {
            method: c.method as 'GET',
            url: url(c),
            ...(c.body !== undefined
              ? { payload: JSON.stringify(c.body), headers: { 'content-type': 'application/json' } }
              : {}),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = (text: string) =>
            violations.push({
              operation,
              request: `${url(c)} ${JSON.stringify(c.body) ?? ''}`.slice(0, 300),
              status: res.statusCode,
              problem: text,
            });
          const documented = op.responses[String(res.statusCode)];
          if (!documented) return void problem('status not in the document');
          if (res.statusCode >= 500 && !(res.statusCode === 502 || res.statusCode === 504))
            return void problem(`server error: ${res.body.slice(0, 200)}`);
          if (res.statusCode === 504 && !path.includes('cost') && !path.includes('usage'))
            return void problem('timeout from a calm cluster');
          const schema = documented.content?.['application/json']?.schema;
          if (schema && res.statusCode !== 304) {
            let body: unknown;
            try {
              body = res.json();
            } catch {
              return void problem('body is not JSON');
            }
            const v = validate(schema);
            if (!v(body)) problem(`body outside the schema: ${ajv.errorsText(v.errors).slice(0, 200)}`);
          }
          const requestSchema = op.requestBody?.content['application/json'].schema;
          if (res.statusCode === 200 && requestSchema && !validate(requestSchema)(c.body))
            problem(
              `accepted a body outside the request schema: ${ajv.errorsText(validate(requestSchema).errors).slice(0, 200)}`,
            );
          if (res.statusCode === 200 && c.method === 'POST') {
            const body = c.body as { name?: unknown } | undefined;
            if (path.endsWith('/pvcs') && typeof body?.name === 'string') createdPvcs.add(body.name);
            if (path.endsWith('/notebooks') && typeof body?.name === 'string') createdNotebooks.add(body.name);
            if (path.endsWith('/createdefault')) defaultsCreated++;
          }
        }),
        { numRuns: Math.ceil((TOTAL_CASES * weight(op)) / totalWeight), endOnFailure: true },
      );
    }

    console.log(
      `OpenAPI fuzz: ${cases} requests over ${operations.length} operations; statuses ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}; ${violations.length} violations`,
    );
    expect(cases).toBeGreaterThanOrEqual(TOTAL_CASES);
    expect(violations.slice(0, 20)).toEqual([]);

    // Nothing left half made: every new PVC was asked for on its own or is mounted by a notebook that
    // exists, and every new notebook came from a creation that answered 200.
    const after = await stored();
    const newNotebooks = after.notebooks.filter((n) => !preexisting.notebooks.has(n) && !createdNotebooks.has(n));
    expect(newNotebooks.length).toBeLessThanOrEqual(defaultsCreated);
    const orphans = after.pvcs.filter((p) => !preexisting.pvcs.has(p) && !createdPvcs.has(p) && !after.mounted.has(p));
    expect(orphans).toEqual([]);
  }, 600_000);
});
