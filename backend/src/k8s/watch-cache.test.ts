import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types.ts';
import { isOlderVersion, WatchCache } from './watch-cache.ts';

function obj(namespace: string, name: string, rv: string, extra: Partial<KubeObject> = {}): KubeObject {
  return { metadata: { namespace, name, uid: `uid-${name}`, resourceVersion: rv, managedFields: [{}] }, ...extra };
}

describe('WatchCache', () => {
  it('keeps name-sorted frozen lists per namespace without managedFields', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'zeta', '1'));
    cache.upsert(obj('a', 'alpha', '2'));
    cache.upsert(obj('b', 'mid', '3'));
    const list = cache.list('a');
    expect(list.map((o) => o.metadata.name)).toEqual(['alpha', 'zeta']);
    expect(Object.isFrozen(list) && Object.isFrozen(list[0]!.metadata)).toBe(true);
    expect(list[0]!.metadata.managedFields).toBeUndefined();
    expect(cache.list('a')).toBe(list);
    expect(cache.list('none')).toEqual([]);
    expect(cache.size).toBe(3);
  });

  it('bumps only the generation of the namespace that changed', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'x', '1'));
    cache.upsert(obj('b', 'y', '2'));
    const [a, b] = [cache.generation('a'), cache.generation('b')];
    cache.upsert(obj('a', 'x', '3'));
    expect(cache.generation('a')).not.toBe(a);
    expect(cache.generation('b')).toBe(b);
    const a2 = cache.generation('a');
    cache.upsert(obj('a', 'x', '3'));
    expect(cache.generation('a')).toBe(a2);
  });

  it('ignores an older version than the one cached (a write response overtook the watch)', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'x', '10', { spec: 'new' }));
    expect(cache.upsert(obj('a', 'x', '9', { spec: 'old' }))).toBe(false);
    expect(cache.get('a', 'x')?.spec).toBe('new');
  });

  it('ignores late events about an object it was told we deleted, until the watch confirms', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'x', '10'));
    cache.forget('a', 'x');
    expect(cache.get('a', 'x')).toBeUndefined();
    cache.upsert(obj('a', 'x', '11'));
    expect(cache.get('a', 'x')).toBeUndefined();
    cache.remove(obj('a', 'x', '12'));
    cache.upsert({ metadata: { namespace: 'a', name: 'x', uid: 'another', resourceVersion: '13' } });
    expect(cache.get('a', 'x')?.metadata.uid).toBe('another');
  });

  it('maintains secondary indexes through updates and deletes', () => {
    const cache = new WatchCache<KubeObject>({ label: (o) => (o.metadata.labels?.nb ? [o.metadata.labels.nb] : []) });
    cache.upsert(
      obj('a', 'p1', '1', { metadata: { namespace: 'a', name: 'p1', resourceVersion: '1', labels: { nb: 'one' } } }),
    );
    cache.upsert(
      obj('a', 'p2', '2', { metadata: { namespace: 'a', name: 'p2', resourceVersion: '2', labels: { nb: 'one' } } }),
    );
    expect(cache.byIndex('label', 'a', 'one').map((o) => o.metadata.name)).toEqual(['p1', 'p2']);
    cache.upsert({ metadata: { namespace: 'a', name: 'p2', resourceVersion: '3', labels: { nb: 'two' } } });
    expect(cache.byIndex('label', 'a', 'one').map((o) => o.metadata.name)).toEqual(['p1']);
    expect(cache.byIndex('label', 'a', 'two').map((o) => o.metadata.name)).toEqual(['p2']);
    cache.remove({ metadata: { namespace: 'a', name: 'p1' } });
    expect(cache.byIndex('label', 'a', 'one')).toEqual([]);
    expect(cache.byIndex('label', 'b', 'one')).toEqual([]);
  });

  it('replaces everything on a relist and bumps only namespaces whose contents differ', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'x', '1'));
    cache.upsert(obj('b', 'y', '2'));
    cache.upsert(obj('c', 'z', '3'));
    const [a, b, c] = ['a', 'b', 'c'].map((ns) => cache.generation(ns));
    cache.replace([obj('a', 'x', '1'), obj('b', 'y', '5'), obj('d', 'w', '6')]);
    expect(cache.generation('a')).toBe(a);
    expect(cache.generation('b')).not.toBe(b);
    expect(cache.generation('c')).not.toBe(c);
    expect(cache.list('c')).toEqual([]);
    expect(cache.all().map((o) => o.metadata.name)).toEqual(['x', 'y', 'w']);
  });
});

describe('isOlderVersion', () => {
  it('compares etcd revisions as integers and refuses to order anything else', () => {
    expect(isOlderVersion('9', '10')).toBe(true);
    expect(isOlderVersion('10', '9')).toBe(false);
    expect(isOlderVersion('10', '10')).toBe(false);
    expect(isOlderVersion('abc', '10')).toBe(false);
    expect(isOlderVersion(undefined, '10')).toBe(false);
  });
});

describe('WatchCache change listeners', () => {
  function recorder(cache: WatchCache<KubeObject>) {
    const seen: string[] = [];
    const stop = cache.subscribe(({ namespace, name, previous, current }) => {
      const what = !previous ? 'added' : !current ? 'removed' : 'changed';
      seen.push(
        `${what} ${namespace}/${name}@${current?.metadata.resourceVersion ?? previous?.metadata.resourceVersion}`,
      );
    });
    return { seen, stop };
  }

  it('tells of every add, change and removal after the cache holds it, and nothing for no-ops', () => {
    const cache = new WatchCache();
    const { seen, stop } = recorder(cache);
    let cachedDuringCall: KubeObject | undefined;
    cache.subscribe(({ namespace, name }) => (cachedDuringCall = cache.get(namespace, name)));
    cache.upsert(obj('a', 'x', '1'));
    expect(cachedDuringCall?.metadata.resourceVersion).toBe('1');
    cache.upsert(obj('a', 'x', '1'));
    cache.upsert(obj('a', 'x', '0'));
    cache.upsert(obj('a', 'x', '2'));
    cache.remove(obj('a', 'x', '3'));
    cache.remove(obj('a', 'x', '3'));
    cache.upsert(obj('b', 'y', '4'));
    cache.forget('b', 'y');
    expect(seen).toEqual(['added a/x@1', 'changed a/x@2', 'removed a/x@2', 'added b/y@4', 'removed b/y@4']);
    stop();
    cache.upsert(obj('a', 'z', '5'));
    expect(seen).toHaveLength(5);
  });

  it('tells a relist as the differences from what it held', () => {
    const cache = new WatchCache();
    cache.upsert(obj('a', 'same', '1'));
    cache.upsert(obj('a', 'changes', '2'));
    cache.upsert(obj('b', 'goes', '3'));
    const { seen } = recorder(cache);
    cache.replace([obj('a', 'same', '1'), obj('a', 'changes', '5'), obj('c', 'new', '6')]);
    expect(seen.sort()).toEqual(['added c/new@6', 'changed a/changes@5', 'removed b/goes@3']);
  });

  it('keeps following the watch when a listener throws', () => {
    const cache = new WatchCache();
    cache.subscribe(() => {
      throw new Error('listener bug');
    });
    const { seen } = recorder(cache);
    cache.upsert(obj('a', 'x', '1'));
    expect(cache.get('a', 'x')).toBeDefined();
    expect(seen).toEqual(['added a/x@1']);
  });
});
