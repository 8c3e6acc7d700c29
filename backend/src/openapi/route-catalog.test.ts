import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { RouteCatalog } from './route-catalog.ts';

const route = (method: string, url: string) => ({ method, url, handler: () => undefined }) as unknown as RouteOptions;

describe('RouteCatalog.methodsFor', () => {
  const catalog = new RouteCatalog();
  for (const [m, u] of [
    ['GET', '/api/namespaces/:ns/pvcs/:pvc'],
    ['DELETE', '/api/namespaces/:ns/pvcs/:pvc'],
    ['PATCH', '/api/namespaces/:ns/pvcs/usage'],
    ['GET', '/static/*'],
  ] as const)
    catalog.add(route(m, u));

  it('collects the methods of every pattern matching a path', () => {
    expect(catalog.methodsFor('/api/namespaces/a/pvcs/b')).toEqual(['DELETE', 'GET']);
    expect(catalog.methodsFor('/api/namespaces/a/pvcs/usage/')).toEqual(['DELETE', 'GET', 'PATCH']);
    expect(catalog.methodsFor('/static/js/main.js')).toEqual(['GET']);
  });

  it('matches nothing for other paths; segments never span slashes', () => {
    expect(catalog.methodsFor('/api/namespaces/a/pvcs')).toEqual([]);
    expect(catalog.methodsFor('/api/namespaces/a/b/pvcs/c')).toEqual([]);
    expect(catalog.has('PATCH', '/api/namespaces/:ns/pvcs/usage')).toBe(true);
  });
});
