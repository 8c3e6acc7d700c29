import { describe, expect, it } from 'vitest';
import { KindHistory } from './kind-history.ts';

describe('KindHistory', () => {
  it('answers what changed after a sequence number, name-sorted, with removals', () => {
    const history = new KindHistory(10);
    history.set('b', '"b0"', 0);
    history.set('a', '"a0"', 0);
    history.set('c', '"c1"', 1);
    history.set('a', '"a2"', 2);
    history.remove('b', 3);
    expect(history.snapshot()).toEqual(['"a2"', '"c1"']);
    expect(history.since(0)).toEqual({ changed: ['"a2"', '"c1"'], removed: ['b'] });
    expect(history.since(2)).toEqual({ changed: [], removed: ['b'] });
    expect(history.since(3)).toEqual({ changed: [], removed: [] });
  });

  it('forgets an item’s removal when it comes back', () => {
    const history = new KindHistory(10);
    history.remove('a', 1);
    history.set('a', '"again"', 2);
    expect(history.since(0)).toEqual({ changed: ['"again"'], removed: [] });
  });

  it('keeps a bounded number of removals and moves the horizon past the forgotten ones', () => {
    const history = new KindHistory(2);
    history.remove('a', 1);
    history.remove('b', 2);
    expect(history.horizon).toBe(0);
    history.remove('c', 3);
    expect(history.horizon).toBe(1);
    expect(history.since(1).removed).toEqual(['b', 'c']);
    history.remove('b', 4);
    expect(history.horizon).toBe(1);
    history.remove('d', 5);
    expect(history.horizon).toBe(3);
    expect(history.since(3).removed).toEqual(['b', 'd']);
  });
});
