import { describe, expect, it } from 'vitest';
import { DetailsCache } from './details-cache.ts';
import type { KubeObject } from './types.ts';

const obj = (name: string, resourceVersion: string, uid = 'u'): KubeObject => ({
  metadata: { name, namespace: 'ns', uid, resourceVersion, managedFields: [{}] },
  spec: { big: true },
});

describe('DetailsCache', () => {
  it('fetches a whole object once and serves it while the cached copy is at its version', async () => {
    const cache = new DetailsCache<KubeObject>(10);
    let fetches = 0;
    const fetch = (version: string) => async () => {
      fetches++;
      return obj('a', version);
    };
    const first = await cache.get(obj('a', '5'), fetch('5'));
    expect(first).toMatchObject({ spec: { big: true } });
    expect(first!.metadata.managedFields).toBeUndefined();
    expect(Object.isFrozen(first)).toBe(true);
    expect(await cache.get(obj('a', '5'), fetch('5'))).toBe(first);
    expect(fetches).toBe(1);
    // The object changed: the watch cache's copy moved on.
    const second = await cache.get(obj('a', '6'), fetch('6'));
    expect(second!.metadata.resourceVersion).toBe('6');
    expect(fetches).toBe(2);
    // A fetch that overtook the watch is still current for the older cached copy.
    await cache.get(obj('a', '7'), fetch('8'));
    await cache.get(obj('a', '8'), fetch('8'));
    expect(fetches).toBe(3);
  });

  it('refetches for a recreated object (new uid), forgets deleted ones and drops the least recently used', async () => {
    const cache = new DetailsCache<KubeObject>(2);
    await cache.get(obj('a', '5', 'u1'), async () => obj('a', '5', 'u1'));
    const recreated = await cache.get(obj('a', '5', 'u2'), async () => obj('a', '9', 'u2'));
    expect(recreated!.metadata.uid).toBe('u2');
    expect(await cache.get(obj('a', '9', 'u2'), async () => undefined)).toBe(recreated);
    expect(await cache.get(obj('gone', '1'), async () => undefined)).toBeUndefined();
    await cache.get(obj('b', '1'), async () => obj('b', '1'));
    await cache.get(obj('c', '1'), async () => obj('c', '1'));
    expect(cache.size).toBe(2);
    let refetched = false;
    await cache.get(obj('a', '9', 'u2'), async () => {
      refetched = true;
      return obj('a', '9', 'u2');
    });
    expect(refetched).toBe(true);
  });
});
