import { describe, expect, it } from 'vitest';
import { jsonType, missingPaths, shapeOf } from '../support/fixture-shape.ts';

// Pure checks of the structural comparison the fixture-compatibility tests rely on.
describe('fixture shape helper', () => {
  it('names JSON types', () => {
    expect([null, true, 1, 'a', [], {}].map(jsonType)).toEqual([
      'null',
      'boolean',
      'number',
      'string',
      'array',
      'object',
    ]);
  });

  it('describes arrays by the union of their elements', () => {
    const shape = shapeOf([{ a: 1 }, { b: 'x', a: 'y' }]);
    expect([...shape.types]).toEqual(['array']);
    expect([...shape.items!.keys.keys()]).toEqual(['a', 'b']);
    expect([...shape.items!.keys.get('a')!.types].sort()).toEqual(['number', 'string']);
    expect(shapeOf([]).items).toBeUndefined();
  });

  it('finds nothing when ours has every path with the same type, additions included', () => {
    const fixture = { success: true, items: [{ name: 'a', tags: ['x'], meta: { n: 1 } }] };
    const ours = { success: true, extra: 'ok', items: [{ name: 'b', tags: ['y', 'z'], meta: { n: 2, more: [] } }] };
    expect(missingPaths(fixture, ours)).toEqual([]);
  });

  it('reports missing keys, wrong types and empty arrays, with their paths', () => {
    const fixture = { status: 200, items: [{ name: 'a' }, { labels: { k: 'v' } }], viewer: 'ready', list: ['x'] };
    const ours = { status: '200', items: [{ name: 'a' }], viewer: { status: 'ready' }, list: [] };
    expect(missingPaths(fixture, ours)).toEqual([
      { path: 'status', expected: 'number', actual: 'string' },
      { path: 'items[].labels', expected: 'object', actual: 'missing' },
      { path: 'viewer', expected: 'string', actual: 'object' },
      { path: 'list[]', expected: 'string', actual: 'missing' },
    ]);
  });

  it('treats a fixture null as "present, any type" and a mixed-type fixture key as either type', () => {
    expect(missingPaths({ user: null, count: [0, '0'] }, { user: 'alice', count: [3] })).toEqual([]);
    expect(missingPaths({ user: null }, {})).toEqual([{ path: 'user', expected: 'null', actual: 'missing' }]);
  });

  it('skips allowed paths and everything beneath them', () => {
    const fixture = { pvcs: [{ viewer: 'ready', age: 'x', status: { phase: 'ready' } }] };
    const ours = { pvcs: [{ viewer: { status: 'ready' }, age: 'x', status: {} }] };
    const allowed = [{ path: 'pvcs[].viewer', reason: 'test' }];
    expect(missingPaths(fixture, ours, allowed)).toEqual([
      { path: 'pvcs[].status.phase', expected: 'string', actual: 'missing' },
    ]);
    expect(missingPaths(fixture, ours, [...allowed, { path: 'pvcs[].status', reason: 'test' }])).toEqual([]);
  });

  it('requires a data map (labels, annotations) but not the keys the fixture has in it', () => {
    const fixture = { labels: { app: 'a', tier: 'x' }, other: { k: 'v' } };
    expect(missingPaths(fixture, { labels: { app: 'b' }, other: { k: 'v' } }, [], ['labels'])).toEqual([]);
    expect(missingPaths(fixture, { labels: { app: 1 }, other: {} }, [], ['labels'])).toEqual([
      { path: 'labels.app', expected: 'string', actual: 'number' },
      { path: 'other.k', expected: 'string', actual: 'missing' },
    ]);
    expect(missingPaths(fixture, { other: { k: 'v' } }, [], ['labels'])).toEqual([
      { path: 'labels', expected: 'object', actual: 'missing' },
    ]);
  });
});
